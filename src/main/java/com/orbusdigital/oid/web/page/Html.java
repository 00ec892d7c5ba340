package com.orbusdigital.oid.web.page;

/** HTML escaping for text and attribute values (&amp;, &lt;, &gt;, &quot;, &#39;). */
public final class Html {

    private Html() {}

    /**
     * The text made safe inside element content and inside quoted attribute values alike, so one
     * function serves every interpolation and none can be escaped the wrong way.
     */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
