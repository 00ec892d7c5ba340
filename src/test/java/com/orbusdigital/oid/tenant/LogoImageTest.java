package com.orbusdigital.oid.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.admin.ProblemException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** What a tenant's logo may be (issue 17, item 8): the checks before anything is stored. */
class LogoImageTest {

    @Test
    void aPngOrJpegWithinTheBoundsIsReadWithItsTypeSizeAndHash() throws Exception {
        byte[] png = image(200, 80, "png");

        LogoImage logo = LogoImage.read("image/png", new ByteArrayInputStream(png));

        assertThat(logo.contentType()).isEqualTo("image/png");
        assertThat(logo.bytes()).isEqualTo(png);
        assertThat(logo.width()).isEqualTo(200);
        assertThat(logo.height()).isEqualTo(80);
        assertThat(logo.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)));
        assertThat(LogoImage.read("IMAGE/JPEG; charset=whatever", new ByteArrayInputStream(image(1024, 1, "jpeg"))).contentType())
                .isEqualTo("image/jpeg");
        assertThat(logo.toString()).doesNotContain("[B@");
    }

    @Test
    void anythingButPngOrJpegIsUnsupported() {
        for (String type : new String[] {null, "", "image/svg+xml", "image/webp", "image/gif", "application/octet-stream", "text/plain"}) {
            assertRefused(type, "<svg/>".getBytes(StandardCharsets.UTF_8), 415, "The logo must be sent as image/png or image/jpeg");
        }
    }

    @Test
    void bytesThatAreNotAValidImageOfTheirTypeAreRefused() throws IOException {
        byte[] png = image(64, 64, "png");
        byte[] jpeg = image(64, 64, "jpeg");
        assertRefused("image/png", "a text file named logo.png".getBytes(StandardCharsets.UTF_8), 400, "The body is not a valid image/png image.");
        assertRefused("image/png", new byte[0], 400, "The body is not a valid image/png image.");
        assertRefused("image/png", jpeg, 400, "The body is not a valid image/png image.");
        assertRefused("image/jpeg", png, 400, "The body is not a valid image/jpeg image.");
        assertRefused("image/png", Arrays.copyOf(png, png.length - 20), 400, "The body is not a valid image/png image.");
        assertRefused("image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2), 400, "The body is not a valid image/jpeg image.");
        byte[] appended = Arrays.copyOf(png, png.length + 30);
        System.arraycopy("<html><script>x</script></html>".getBytes(StandardCharsets.UTF_8), 0, appended, png.length, 30);
        assertRefused("image/png", appended, 400, "The body is not a valid image/png image.");
        assertRefused("image/png", Arrays.copyOf(png, 10), 400, "The body is not a valid image/png image.");
        // the signature alone, then garbage
        byte[] signatureOnly = Arrays.copyOf(png, 64);
        Arrays.fill(signatureOnly, 8, 64, (byte) 0x41);
        assertRefused("image/png", signatureOnly, 400, "The body is not a valid image/png image.");
    }

    @Test
    void aLargeFileOrOneAnnouncingTooManyPixelsIsRefusedBeforeItIsDecoded() throws IOException {
        byte[] huge = new byte[LogoImage.MAX_BYTES + 1];
        System.arraycopy(image(8, 8, "png"), 0, huge, 0, 8);
        assertRefused("image/png", huge, 413, "The logo is larger than 262144 bytes (256 KiB).");
        byte[] bomb = encode(new BufferedImage(6000, 6000, BufferedImage.TYPE_BYTE_BINARY), "png");
        assertThat(bomb.length).isLessThan(LogoImage.MAX_BYTES);
        assertRefused("image/png", bomb, 400, "The logo is 6000 × 6000 pixels: at most 1024 × 1024 are accepted.");
        assertRefused("image/jpeg", image(1025, 10, "jpeg"), 400, "The logo is 1025 × 10 pixels: at most 1024 × 1024 are accepted.");
    }

    private static void assertRefused(String type, byte[] body, int status, String detail) {
        assertThatThrownBy(() -> LogoImage.read(type, new ByteArrayInputStream(body))).as(type)
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(status);
                    assertThat(problem.detail()).startsWith(detail);
                });
    }

    private static byte[] image(int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            image.setRGB(x, 0, x * 997);
        }
        return encode(image, format);
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }
}
