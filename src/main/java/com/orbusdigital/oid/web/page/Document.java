package com.orbusdigital.oid.web.page;

import static com.orbusdigital.oid.web.page.Html.escape;

/**
 * The HTML5 shell every page shares, and the small inline drawings they use. The drawings are inline
 * SVG coloured by the stylesheet: no image request, nothing a strict CSP would block.
 */
final class Document {

    /** Decorative: the words beside or after each one say the same thing. */
    static final String ERROR_ICON = icon("status status-error",
            "<circle cx=\"12\" cy=\"12\" r=\"10\"/><path d=\"M12 7v6m0 4v.01\"/>");
    static final String DONE_ICON = icon("status status-done",
            "<circle cx=\"12\" cy=\"12\" r=\"10\"/><path d=\"m7.5 12.5 3 3 6-6.5\"/>");
    static final String ALERT_ICON = icon("alert-icon",
            "<circle cx=\"12\" cy=\"12\" r=\"10\"/><path d=\"M12 7v6m0 4v.01\"/>");
    private static final String MARK = """
            <svg class="mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">\
            <rect class="mark-tile" width="24" height="24" rx="6"/><circle class="mark-ring" cx="12" cy="12" r="5.5"/></svg>""";

    private final String stylesheetHref;

    Document(String stylesheetHref) {
        this.stylesheetHref = stylesheetHref;
    }

    /** @param main the page's content, already escaped where it interpolates anything */
    String render(String title, String main) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="color-scheme" content="light dark">
                <meta name="robots" content="noindex">
                <title>%s</title>
                <link rel="stylesheet" href="%s">
                </head>
                <body>
                <main class="card">
                %s</main>
                </body>
                </html>
                """.formatted(escape(title), escape(stylesheetHref), main);
    }

    /** Who the user is dealing with, small above the heading. */
    static String caption(String organisation) {
        return "<p class=\"caption\">" + MARK + "<span>" + escape(organisation) + "</span></p>";
    }

    private static String icon(String classes, String shapes) {
        return "<svg class=\"" + classes + "\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">"
                + shapes + "</svg>";
    }
}
