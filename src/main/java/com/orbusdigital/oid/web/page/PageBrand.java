package com.orbusdigital.oid.web.page;

import java.util.Objects;
import java.util.Optional;

/**
 * How a tenant's pages look (issue 17, item 8): the name their caption shows, the logo beside it and
 * the accent colour, each empty for OID's own look. The logo is named by a path relative to OID's
 * top level ({@code branding/<tenant id>/logo?v=<sha256>}), which {@link Pages} makes relative to
 * where the page is answered, as it does the stylesheet: always OID's own origin, which the pages'
 * {@code img-src 'self'} allows. The colour reaches the page as a stylesheet of its own
 * ({@link #themePath}), since the CSP forbids inline styles.
 *
 * @param displayName the tenant's display name, shown instead of its name
 * @param logoPath    the logo's path below OID's top level
 * @param accentColor #rrggbb, lowercase
 */
public record PageBrand(Optional<String> displayName, Optional<String> logoPath, Optional<String> accentColor) {

    /** OID's own look: a page of no tenant, or of one without branding. */
    public static final PageBrand NONE = new PageBrand(Optional.empty(), Optional.empty(), Optional.empty());

    public PageBrand {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(logoPath, "logoPath");
        AccentTheme.requireColor(accentColor);
    }

    /** The stylesheet that sets the accent colour, below OID's top level: one per colour, the same for every tenant. */
    public Optional<String> themePath() {
        return accentColor.map(AccentTheme::path);
    }
}
