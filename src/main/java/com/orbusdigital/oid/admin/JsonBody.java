package com.orbusdigital.oid.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads an admin request body strictly: {@code application/json}, UTF-8, at most 64 KiB, one JSON
 * object without duplicate keys. Anything else is a problem document, never a 500.
 */
public final class JsonBody {

    static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).maxStringLength(MAX_BYTES).build());
    }

    private JsonBody() {}

    public static JsonNode read(String contentType, InputStream body) {
        if (contentType == null || !contentType.split(";")[0].strip().equalsIgnoreCase("application/json")) {
            throw new ProblemException(415, "The body must be application/json.", Map.of());
        }
        byte[] bytes = readAtMost(body, MAX_BYTES, "The body is larger than " + MAX_BYTES + " bytes.");
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("The body is not valid UTF-8.");
        }
        JsonNode node;
        try (JsonParser parser = JSON.createParser(bytes)) {
            node = JSON.readTree(parser);
            if (node != null && node.isObject()) {
                requireNothingAfter(parser);
            }
        } catch (StreamConstraintsException e) {
            throw ProblemException.badRequest("The body nests or repeats more than this API accepts.");
        } catch (JsonProcessingException e) {
            // some parser failures (limits) carry no location
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ProblemException.badRequest("The body is not valid JSON" + where + ".");
        } catch (IOException e) {
            throw ProblemException.badRequest("The body could not be read.");
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object.");
        }
        return node;
    }

    /** The whole body, or a 413 saying {@code tooLarge} once it is longer than {@code maxBytes}: never more is read. */
    public static byte[] readAtMost(InputStream body, int maxBytes, String tooLarge) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ProblemException.badRequest("The body could not be read.");
        }
        if (bytes.length > maxBytes) {
            throw new ProblemException(413, tooLarge, Map.of());
        }
        return bytes;
    }

    /**
     * {@code {"name":"a"} {"name":"b"}} reads as its first object and would apply it: anything but
     * white space after the object, even what is not JSON at all, is refused as what it is.
     */
    private static void requireNothingAfter(JsonParser parser) throws IOException {
        try {
            if (parser.nextToken() == null) {
                return;
            }
        } catch (JsonProcessingException notJson) {
            // falls through: not JSON, but after the object all the same
        }
        throw ProblemException.badRequest("The body must be exactly one JSON object.");
    }
}
