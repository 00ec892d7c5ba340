package com.orbusdigital.oid.web.page;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stylesheet of an accent colour, served at {@code branding/accent/<rrggbb>.css} after
 * {@code assets/oid.css}: it overrides the stylesheet's accent variables, in both colour schemes
 * (a brand keeps its colour in the dark), with a hover shade and the text colour on it — white or
 * near-black, whichever contrasts more (WCAG 2 relative luminance). Derived from the colour alone,
 * so it names no tenant and never changes: cacheable for good.
 */
public final class AccentTheme {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{6}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-f]{6}");
    private static final String DARK_TEXT = "#0b1530";

    private AccentTheme() {}

    /** Refuses a colour that is not {@code #rrggbb} in lowercase: the only form a page or an email ever writes. */
    static void requireColor(Optional<String> color) {
        color.filter(value -> !COLOR.matcher(value).matches()).ifPresent(value -> {
            throw new IllegalArgumentException("not a lowercase #rrggbb colour");
        });
    }

    /** @param color #rrggbb, lowercase */
    static String path(String color) {
        return "branding/accent/" + color.substring(1) + ".css";
    }

    /** The stylesheet of {@code hex} (six lowercase hex digits, no #); empty for anything else. */
    public static Optional<String> css(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            return Optional.empty();
        }
        int[] rgb = rgb(hex);
        String onAccent = onAccent(rgb);
        String hover = String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0] * 85 / 100, rgb[1] * 85 / 100, rgb[2] * 85 / 100);
        return Optional.of("/* OID: the accent colour #" + hex + " of a tenant's pages */\n"
                + ":root {\n  --accent: #" + hex + ";\n  --accent-hover: " + hover + ";\n  --on-accent: " + onAccent + ";\n}\n");
    }

    /** The colour of text on {@code color} (#rrggbb, lowercase): white or near-black, whichever contrasts more. */
    static String onAccent(String color) {
        return onAccent(rgb(color.substring(1)));
    }

    private static int[] rgb(String hex) {
        return new int[] {Integer.parseInt(hex.substring(0, 2), 16), Integer.parseInt(hex.substring(2, 4), 16),
                Integer.parseInt(hex.substring(4, 6), 16)};
    }

    private static String onAccent(int[] rgb) {
        double luminance = luminance(rgb);
        // contrast with white (luminance 1) against contrast with the dark text (about 0.01)
        double onWhite = 1.05 / (luminance + 0.05);
        double onDark = (luminance + 0.05) / (luminance(new int[] {0x0b, 0x15, 0x30}) + 0.05);
        return onWhite >= onDark ? "#fff" : DARK_TEXT;
    }

    private static double luminance(int[] rgb) {
        double[] linear = new double[3];
        for (int i = 0; i < 3; i++) {
            double channel = rgb[i] / 255.0;
            linear[i] = channel <= 0.04045 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    }
}
