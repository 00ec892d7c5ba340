package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.admin.JsonBody;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.crypto.Hashes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A tenant's logo as an administrator uploaded it, checked before it is stored: PNG or JPEG only,
 * its Content-Type, its first bytes and its decoder agreeing, at most {@value #MAX_BYTES} bytes and
 * {@value #MAX_SIDE} pixels a side. No SVG (it can carry script), and no WebP: the JDK has no WebP
 * decoder, and an image OID cannot decode is one it cannot check. The dimensions are read from the
 * header before any pixel is decoded, so a small file announcing a huge image (a decompression bomb)
 * is refused without the memory it would take; the image is then decoded whole, so that a file that
 * merely starts like a PNG, or is cut short, is refused too.
 *
 * @param contentType image/png or image/jpeg
 * @param sha256      of the bytes, lowercase hex: the logo's URL carries it
 */
public record LogoImage(String contentType, byte[] bytes, String sha256, int width, int height) {

    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_SIDE = 1024;

    static final String PNG = "image/png";
    static final String JPEG = "image/jpeg";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    /** The IEND chunk (empty, its CRC): a PNG's last 12 bytes. */
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
    private static final Map<String, String> FORMATS = Map.of(PNG, "png", JPEG, "jpeg");

    /** Reads and checks an upload; anything else than a PNG or JPEG within the bounds is a problem (400, 413 or 415). */
    public static LogoImage read(String contentType, InputStream body) {
        String type = Optional.ofNullable(contentType).map(value -> value.split(";")[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!FORMATS.containsKey(type)) {
            throw new ProblemException(415, "The logo must be sent as image/png or image/jpeg (no SVG, which can carry script, "
                    + "and no WebP, which OID cannot decode to check).", Map.of());
        }
        byte[] bytes = JsonBody.readAtMost(body, MAX_BYTES, "The logo is larger than " + MAX_BYTES + " bytes (256 KiB).");
        if (!startsWith(bytes, PNG.equals(type) ? PNG_SIGNATURE : JPEG_SIGNATURE)) {
            throw notA(type);
        }
        // the decoder stops once it has the pixels: a PNG cut short after them, or with something
        // appended (another file riding along), would pass it; a PNG ends with its IEND chunk
        if (PNG.equals(type) && !endsWith(bytes, PNG_END)) {
            throw notA(type);
        }
        int[] size = decode(bytes, type);
        return new LogoImage(type, bytes, HexFormat.of().formatHex(Hashes.sha256(bytes)), size[0], size[1]);
    }

    /** Width and height, once the whole image decoded without error or warning. */
    private static int[] decode(byte[] bytes, String type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(FORMATS.get(type));
        if (!readers.hasNext()) {
            throw new IllegalStateException("the JDK has no " + type + " decoder");
        }
        ImageReader reader = readers.next();
        // in memory: ImageIO's default would spill the stream into a temporary file
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
                throw ProblemException.badRequest("The logo is " + width + " × " + height + " pixels: at most "
                        + MAX_SIDE + " × " + MAX_SIDE + " are accepted.");
            }
            // a truncated JPEG decodes with a warning, not an exception
            boolean[] warned = {false};
            reader.addIIOReadWarningListener((source, warning) -> warned[0] = true);
            BufferedImage image = reader.read(0);
            if (image == null || warned[0]) {
                throw notA(type);
            }
            return new int[] {width, height};
        } catch (IOException | RuntimeException notDecoded) {
            if (notDecoded instanceof ProblemException problem) {
                throw problem;
            }
            throw notA(type);
        } finally {
            reader.dispose();
        }
    }

    private static ProblemException notA(String type) {
        return ProblemException.badRequest("The body is not a valid " + type + " image.");
    }

    private static boolean startsWith(byte[] bytes, byte[] start) {
        return bytes.length >= start.length && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
    }

    private static boolean endsWith(byte[] bytes, byte[] end) {
        return bytes.length >= end.length && Arrays.equals(bytes, bytes.length - end.length, bytes.length, end, 0, end.length);
    }

    @Override
    public String toString() {
        return "LogoImage[" + contentType + ", " + bytes.length + " bytes, " + width + "x" + height + ", " + sha256 + "]";
    }
}
