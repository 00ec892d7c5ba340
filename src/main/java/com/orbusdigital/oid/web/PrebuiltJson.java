package com.orbusdigital.oid.web;

import com.orbusdigital.oid.crypto.Hashes;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JSON document serialised once and served as bytes, with a strong ETag so caches revalidate
 * with 304 instead of downloading it again.
 */
public final class PrebuiltJson {

    private final byte[] bytes;
    private final EntityTag etag;

    public PrebuiltJson(byte[] bytes) {
        this.bytes = bytes.clone();
        byte[] digest = Hashes.sha256(bytes);
        this.etag = new EntityTag(Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22));
    }

    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** 200 with the bytes, or 304 when the request's If-None-Match already names them (412 when If-Match names others). */
    public Response respond(Request request, CacheControl cacheControl) {
        Response.ResponseBuilder notModified;
        try {
            notModified = request.evaluatePreconditions(etag);
        } catch (ProcessingException unreadable) {
            // an If-None-Match or If-Match that is no list of entity tags cannot be evaluated: it is
            // ignored, as RFC 9110 §13.1.3 has recipients ignore an If-Modified-Since that is no date
            notModified = null;
        }
        if (notModified != null) {
            return notModified.cacheControl(cacheControl).build();
        }
        return Response.ok(bytes, MediaType.APPLICATION_JSON_TYPE).tag(etag).cacheControl(cacheControl).build();
    }
}
