package com.orbusdigital.oid.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a value of a standard claim (OIDC Core §5.1) must be, the same for the admin API and the
 * user's own profile page. Each check answers the value as it is stored, or a problem whose code
 * names the rule (for the pages' messages) and whose text says it (for problem+json).
 * <ul>
 *   <li>text claims: at most their length, no control characters (the address's
 *       {@code formatted} and {@code street_address} may have line breaks, §5.1.1);
 *   <li>{@code profile}, {@code picture}, {@code website}: absolute {@code https} or {@code http} URLs with a host
 *       and no user information (never {@code javascript:} or {@code data:});
 *   <li>{@code birthdate}: {@code YYYY}, {@code YYYY-MM-DD} or {@code 0000-MM-DD} (year withheld), a real date;
 *   <li>{@code zoneinfo}: a zone id of the IANA database as the JDK knows it ({@code Europe/Paris});
 *   <li>{@code locale}: a well-formed BCP 47 tag ({@code fr-CA}; not {@code fr_CA});
 *   <li>{@code phone_number}: E.164 — {@code +}, a country code, at most 15 digits in all — with an
 *       optional RFC 3966 extension ({@code ;ext=123}); spaces, dots, hyphens and parentheses between
 *       the digits are accepted and removed ({@code +33 1 23 45 67 89} is stored {@code +33123456789}).
 * </ul>
 */
public final class ClaimRules {

    /** Why a value was refused: {@code code} for a page's message, {@code message} for the admin API. */
    public record Problem(String code, String message) {}

    /** A value checked: the form to store, or why not. */
    public record Checked(Optional<String> value, Optional<Problem> problem) {
        static Checked valid(String value) {
            return new Checked(Optional.of(value), Optional.empty());
        }

        static Checked invalid(String code, String message) {
            return new Checked(Optional.empty(), Optional.of(new Problem(code, message)));
        }
    }

    private static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(Map.entry("name", 200), Map.entry("given_name", 200),
            Map.entry("family_name", 200), Map.entry("middle_name", 200), Map.entry("nickname", 200), Map.entry("profile", 2048), Map.entry("picture", 2048),
            Map.entry("website", 2048), Map.entry("gender", 64), Map.entry("birthdate", 10), Map.entry("zoneinfo", 64),
            Map.entry("locale", 35), Map.entry("phone_number", 40), Map.entry("formatted", 500), Map.entry("street_address", 300),
            Map.entry("locality", 200), Map.entry("region", 200), Map.entry("postal_code", 20), Map.entry("country", 100));
    /** The address parts that may span lines (§5.1.1). */
    private static final Set<String> MULTI_LINE = Set.of("formatted", "street_address");
    private static final Set<String> ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());
    private static final Pattern YEAR = Pattern.compile("[0-9]{4}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final DateTimeFormatter STRICT_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}(;ext=[0-9]{1,10})?");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[ .()\\-]");

    private ClaimRules() {}

    /** The longest value accepted for a claim or an address part. */
    public static int maxLength(String name) {
        return MAX_LENGTH.getOrDefault(name, 200);
    }

    /** A text claim ({@link StandardClaims#TEXT} or {@code name}) or an address part ({@link StandardClaims#ADDRESS_PARTS}), not empty. */
    public static Checked check(String name, String value) {
        String text = MULTI_LINE.contains(name) ? value.replace("\r\n", "\n") : value;
        if (text.codePointCount(0, text.length()) > maxLength(name)) {
            return Checked.invalid("too_long", "must be at most " + maxLength(name) + " characters");
        }
        if (hasControlCharacter(text, MULTI_LINE.contains(name)) || text.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE)) {
            return Checked.invalid("control", "must not contain control characters");
        }
        switch (name) {
            case "profile":
            case "picture":
            case "website":
                return web(text);
            case "birthdate":
                return birthdate(text);
            case "zoneinfo":
                return ZONES.contains(text) ? Checked.valid(text)
                        : Checked.invalid("zoneinfo", "must be a time zone of the IANA database, such as Europe/Paris");
            case "locale":
                return locale(text);
            case "phone_number":
                return phone(text);
            default:
                return Checked.valid(text);
        }
    }

    private static Checked web(String text) {
        try {
            URI uri = new URI(text);
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return Checked.valid(text);
            }
        } catch (URISyntaxException notAUri) {
            // refused below
        }
        return Checked.invalid("url", "must be an https or http URL");
    }

    private static Checked birthdate(String text) {
        try {
            if (YEAR.matcher(text).matches() && !text.equals("0000")) {
                return Checked.valid(text);
            }
            if (DATE.matcher(text).matches()) {
                if (text.startsWith("0000-")) {
                    MonthDay.parse("--" + text.substring(5)); // the year withheld: any day of the calendar, 29 February too
                } else {
                    LocalDate.parse(text, STRICT_DATE);
                }
                return Checked.valid(text);
            }
        } catch (DateTimeException notADate) {
            // refused below
        }
        return Checked.invalid("birthdate", "must be YYYY, YYYY-MM-DD or 0000-MM-DD, a real date");
    }

    private static Checked locale(String text) {
        try {
            new Locale.Builder().setLanguageTag(text).build();
            return Checked.valid(text);
        } catch (IllformedLocaleException notATag) {
            return Checked.invalid("locale", "must be a BCP 47 language tag, such as en-US or fr-CA");
        }
    }

    private static Checked phone(String text) {
        String compact = PHONE_SEPARATORS.matcher(text).replaceAll("");
        return E164.matcher(compact).matches() ? Checked.valid(compact)
                : Checked.invalid("phone", "must be an E.164 number: + and the country code, at most 15 digits, such as +33123456789");
    }

    private static boolean hasControlCharacter(String text, boolean lineBreaks) {
        return text.chars().anyMatch(c -> (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) && !(lineBreaks && c == '\n'));
    }
}
