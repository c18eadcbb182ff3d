// Emits the SimpleDateFormat reference vectors that tests/datefmt replays without Java.
//
//   javac -d /tmp/gv tests/vectors/GenVectors.java && java -cp /tmp/gv GenVectors tests/vectors
//
// Writes tests/vectors/*.jsonl and the zone table the engine loads at run time,
// schemas/java-zones.json (shipped in the wheel; a second argument overrides the path).
// Everything runs with Locale.US and a JVM default zone of UTC, which the engine assumes.
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.DateFormatSymbols;
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TimeZone;

public class GenVectors {
    static final Locale US = Locale.US;

    // Patterns covering every letter and count, plus the shapes configs really use.
    static final String[] FORMAT_PATTERNS = {
        "G", "GGGG", "y", "yy", "yyy", "yyyy", "yyyyy", "Y", "YY", "YYYY", "YYYYY",
        "M", "MM", "MMM", "MMMM", "MMMMM", "L", "LL", "LLL", "LLLL", "w", "ww", "W", "WW",
        "D", "DD", "DDD", "d", "dd", "ddd", "F", "FF", "E", "EE", "EEE", "EEEE", "EEEEE",
        "u", "uu", "uuuu", "a", "aaaa", "H", "HH", "k", "kk", "K", "KK", "h", "hh", "hhh",
        "m", "mm", "s", "ss", "S", "SS", "SSS", "SSSS", "SSSSSS", "z", "zz", "zzz", "zzzz",
        "zzzzz", "Z", "ZZ", "ZZZZ", "ZZZZZ", "X", "XX", "XXX",
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ssZ",
        "yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss", "EEE, dd MMM yyyy HH:mm:ss z",
        "EEEE, MMMM d, yyyy h:mm:ss a zzzz", "YYYY-'W'ww-u", "hh:mm a", "''yyyy''",
        "'o''clock' h", "dd/MM/yy", "yyyy-MM-dd'T'HH:mm:ss.SSSZ", "MM/dd/yyyy hh:mm:ss aa",
        "D 'day' F 'F' W 'W' w 'w'", "K:mm a, z", "k:mm:ss.SSS X", "yyyy.MM.dd G 'at' HH:mm:ss z",
    };

    // Zones whose Java and Python rules agree over the instants below.
    static final String[] ZONES = {
        "UTC", "GMT", "Europe/London", "America/New_York", "America/Los_Angeles", "Europe/Paris",
        "Asia/Kolkata", "Asia/Kathmandu", "Australia/Adelaide", "Australia/Lord_Howe",
        "America/St_Johns", "Pacific/Chatham", "Asia/Tokyo", "America/Sao_Paulo", "EST", "PST",
        "BST", "IST", "CST", "MST", "GMT+05:30", "GMT-3", "GMT+0845", "Mars/Olympus",
        "Europe/Dublin", "Africa/Casablanca", "Africa/Windhoek", "Europe/Prague",
    };

    static final String[] INSTANTS = {
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "1900-03-01T12:00:00Z",
        "1945-08-15T03:04:05.006Z", "1999-12-31T23:59:59.999Z", "2000-02-29T00:00:00.001Z",
        "2024-01-01T00:00:00Z", "2024-03-10T06:59:59.999Z", "2024-03-10T07:00:00Z",
        "2024-03-31T00:59:59.999Z", "2024-03-31T01:00:00Z", "2024-10-27T00:30:00Z",
        "2024-10-27T01:30:00Z", "2024-11-03T05:30:00Z", "2024-11-03T06:30:00Z",
        "2024-12-29T12:00:00Z", "2024-12-30T23:05:09.987Z", "2024-12-31T23:59:59.999Z",
        "2025-01-01T00:00:00Z", "2020-12-31T12:00:00Z", "2021-01-03T12:00:00Z",
        "2027-01-01T12:00:00Z", "2026-07-04T15:45:30.250Z", "2038-01-19T03:14:08Z",
        "2040-06-15T18:00:00.100Z", "2099-12-31T23:00:00Z", "2024-06-01T11:00:00.007Z",
    };

    public static void main(String[] args) throws IOException {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Locale.setDefault(US);
        Path out = Paths.get(args.length > 0 ? args[0] : "tests/vectors");
        Path zonesJson = args.length > 1 ? Paths.get(args[1])
            : out.toAbsolutePath().getParent().getParent().resolve("schemas/java-zones.json");
        Files.createDirectories(out);
        write(zonesJson, List.of(zoneTable()));
        write(out.resolve("zones.jsonl"), zoneCases());
        write(out.resolve("patterns.jsonl"), patternCases());
        write(out.resolve("format.jsonl"), formatCases());
        write(out.resolve("parse.jsonl"), ParseCases.all());
        write(out.resolve("fuzz_format.jsonl"), Fuzz.formatCases());
        write(out.resolve("fuzz_parse.jsonl"), Fuzz.parseCases());
    }

    static void write(Path path, List<String> lines) throws IOException {
        Files.write(path, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println(path + ": " + lines.size() + " lines");
    }

    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    // --- zone table -------------------------------------------------------------------

    static String zoneTable() {
        String[] ids = TimeZone.getAvailableIDs();
        Arrays.sort(ids);
        StringBuilder b = new StringBuilder("{\n");
        b.append("\"java\": ").append(q(System.getProperty("java.version"))).append(",\n");
        b.append("\"tzdb\": ").append(q(ZoneRulesProvider.getVersions("UTC").lastKey())).append(",\n");
        b.append("\"ids\": {\n");
        for (int i = 0; i < ids.length; i++) {
            TimeZone tz = TimeZone.getTimeZone(ids[i]);
            b.append(q(ids[i])).append(": [").append(q(tz.toZoneId().getId())).append(", ")
                .append(tz.getRawOffset()).append(", ").append(tz.getDSTSavings());
            for (String n : names(tz)) b.append(", ").append(q(n));
            b.append(", ").append(standardOffsets(tz));
            b.append(i + 1 < ids.length ? "],\n" : "]\n");
        }
        b.append("},\n\"zone_strings\": [\n");
        String[][] rows = DateFormatSymbols.getInstance(US).getZoneStrings();
        for (int i = 0; i < rows.length; i++) {
            String[] row = rows[i].clone();
            TimeZone tz = TimeZone.getTimeZone(row[0]);
            for (int k = 1; k <= 4; k++) {
                if (row[k] == null || row[k].isEmpty()) {
                    row[k] = tz.getDisplayName(k >= 3, k % 2 == 1 ? TimeZone.LONG : TimeZone.SHORT, US);
                }
            }
            b.append("[");
            for (int k = 0; k < 5; k++) b.append(k > 0 ? ", " : "").append(q(row[k]));
            b.append(i + 1 < rows.length ? "],\n" : "]\n");
        }
        return b.append("]\n}").toString();
    }

    static final long FROM_1900 = -2208988800L, TO_2100 = 4102444800L;

    /**
     * Java's standard (raw) offset over 1900..2100 as [[epochSecond, offsetSeconds], ...]:
     * the first entry holds from 1900, each later one from its instant. Java decides
     * daylight time (the z names, DST_OFFSET) as "offset differs from standard"; Python's
     * zoneinfo cannot say, for zones like Europe/Dublin whose tz source uses negative DST.
     */
    static String standardOffsets(TimeZone tz) {
        java.time.zone.ZoneRules rules = tz.toZoneId().getRules();
        StringBuilder b = new StringBuilder("[");
        long prev = FROM_1900;
        int prevOffset = std(rules, prev);
        b.append("[").append(prev).append(", ").append(prevOffset).append("]");
        for (long t = FROM_1900 + 7 * 86400L; t <= TO_2100; t += 7 * 86400L) {
            int offset = std(rules, t);
            if (offset != prevOffset) {
                long lo = prev, hi = t;  // std(lo) == prevOffset, std(hi) == offset
                while (hi - lo > 1) {
                    long mid = lo + (hi - lo) / 2;
                    if (std(rules, mid) == prevOffset) lo = mid; else hi = mid;
                }
                b.append(", [").append(hi).append(", ").append(offset).append("]");
                prevOffset = offset;
            }
            prev = t;
        }
        return b.append("]").toString();
    }

    static int std(java.time.zone.ZoneRules rules, long epochSecond) {
        return rules.getStandardOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }

    /** Short standard, short daylight, long standard, long daylight, as `z` and `zzzz` print. */
    static String[] names(TimeZone tz) {
        return new String[] {
            tz.getDisplayName(false, TimeZone.SHORT, US), tz.getDisplayName(true, TimeZone.SHORT, US),
            tz.getDisplayName(false, TimeZone.LONG, US), tz.getDisplayName(true, TimeZone.LONG, US),
        };
    }

    static List<String> zoneCases() {
        String[] ids = {
            "UTC", "GMT", "Z", "utc", "Europe/London", "europe/london", "EST", "PST", "BST", "IST",
            "GMT+5", "GMT+05", "GMT+5:30", "GMT+05:30", "GMT+0530", "GMT+530", "GMT-3", "GMT-03:00",
            "GMT+24", "GMT+23:59", "GMT+12:60", "GMT+", "GMT+1:2", "GMT+12345", "GMT+:30", "GMT+0",
            "GMT-0", "GMT+00:00", "UTC+1", "+05:00", "Etc/GMT+5", "US/Eastern", "Mars/Olympus", "",
            "GMT0", "America/Argentina/Buenos_Aires", "Asia/Calcutta", "SystemV/EST5",
        };
        List<String> lines = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>(Arrays.asList(TimeZone.getAvailableIDs()));
        for (String id : ids) {
            TimeZone tz = TimeZone.getTimeZone(id);
            boolean ok = known.contains(id) || !tz.getID().equals("GMT") || id.equals("GMT");
            lines.add("{\"id\": " + q(id) + ", \"known\": " + ok + ", \"resolved\": " + q(tz.getID())
                + ", \"offset\": " + tz.getRawOffset() + "}");
        }
        return lines;
    }

    // --- patterns -----------------------------------------------------------------------

    static List<String> patternCases() {
        String[] patterns = {
            "yyyy-MM-dd", "%Y-%m-%d", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "'unclosed",
            "yyyy'", "''", "'o''clock'", "x", "e", "A", "O", "VV", "XXXX", "XXXXX", "b", "c", "n",
            "q", "r", "t", "v", "B", "C", "I", "J", "N", "P", "Q", "R", "T", "U", "V", "g", "f",
            "i", "j", "l", "o", "p", "yyyy-MM-dd HH:mm:ss.SSS", "", "{}[]#!", "日付 yyyy", "'a'b",
            "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "ZZZZZZ", "zzzzzz",
        };
        List<String> lines = new ArrayList<>();
        for (String p : patterns) {
            String err = null;
            try {
                new SimpleDateFormat(p, US);
            } catch (IllegalArgumentException e) {
                err = e.getMessage();
            }
            lines.add("{\"p\": " + q(p) + ", \"error\": " + (err == null ? "null" : q(err)) + "}");
        }
        return lines;
    }

    // --- format -------------------------------------------------------------------------

    static boolean zoneSensitive(String p) {
        return p.matches(".*[zZXHhKkdDEFuwWaYyM].*");
    }

    static List<String> formatCases() {
        List<String> lines = new ArrayList<>();
        String[] few = {"UTC", "America/New_York", "Asia/Kathmandu"};
        String[] some = {"UTC", "Europe/London", "America/New_York", "Asia/Kolkata",
            "Australia/Lord_Howe", "Pacific/Chatham", "BST", "GMT-3"};
        for (String p : FORMAT_PATTERNS) {
            boolean allZones = p.matches("z|zzzz|Z|X|XX|XXX");
            String[] zones = allZones ? ZONES : p.length() > 5 ? some : few;
            if (!zoneSensitive(p)) zones = new String[] {"UTC"};
            for (String z : zones) {
                for (String iso : INSTANTS) lines.add(formatLine(p, z, ms(iso)));
            }
        }
        // Every available zone ID, winter and summer: names, daylight flag and offset.
        String[] ids = TimeZone.getAvailableIDs();
        Arrays.sort(ids);
        for (String z : ids) {
            for (String iso : new String[] {"2010-01-01T00:00:00Z", "2024-01-05T12:00:00Z",
                                            "2024-07-05T12:00:00Z"}) {
                lines.add(formatLine("yyyy-MM-dd HH:mm z zzzz XXX", z, ms(iso)));
            }
        }
        // Every day across two year ends exercises week-of-year and week-year boundaries.
        long start = ms("2019-12-20T12:00:00Z");
        for (int year = 0; year < 10; year++) {
            long base = start + year * 365L * 86400000L;
            for (int d = 0; d < 20; d++) {
                lines.add(formatLine("YYYY-ww-u w W F D E yyyy-MM-dd", "UTC", base + d * 86400000L));
            }
        }
        return lines;
    }

    static String formatLine(String p, String z, long millis) {
        SimpleDateFormat f = new SimpleDateFormat(p, US);
        f.setTimeZone(TimeZone.getTimeZone(z));
        return "{\"p\": " + q(p) + ", \"z\": " + q(z) + ", \"ms\": " + millis + ", \"text\": "
            + q(f.format(new Date(millis))) + "}";
    }

    static String parseLine(String p, String z, String text) {
        SimpleDateFormat f = new SimpleDateFormat(p, US);
        f.setTimeZone(TimeZone.getTimeZone(z));
        f.setLenient(false);
        ParsePosition pos = new ParsePosition(0);
        Date d = f.parse(text, pos);
        String result = d == null ? "\"ms\": null, \"error_index\": " + pos.getErrorIndex()
            : "\"ms\": " + d.getTime() + ", \"end\": " + pos.getIndex();
        return "{\"p\": " + q(p) + ", \"z\": " + q(z) + ", \"text\": " + q(text) + ", " + result + "}";
    }

    static String fmt(String p, String z, long millis) {
        SimpleDateFormat f = new SimpleDateFormat(p, US);
        f.setTimeZone(TimeZone.getTimeZone(z));
        return f.format(new Date(millis));
    }

    static long local(String isoLocal, String zone) {
        return LocalDateTime.parse(isoLocal).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}

/** Strict (non-lenient) parse cases: round trips of formatted text plus hand-made edge texts. */
class ParseCases {
    static final String[] ROUND_TRIP = {
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ssZ",
        "yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss", "EEE, dd MMM yyyy HH:mm:ss z",
        "EEEE, MMMM d, yyyy h:mm:ss a zzzz", "YYYY-'W'ww-u HH:mm", "dd/MM/yy HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss.SSSZ", "MM/dd/yyyy hh:mm:ss aa", "yyyy-DDD HH:mm",
        "yyyy-MM-dd k:mm X", "yyyy-MM-dd K:mm a XX", "yyyy.MM.dd G 'at' HH:mm:ss z",
        "yyyy-MM-W-E HH", "yyyy-MM-F-EEEE", "yyyy-LLL-dd HH:mm:ss", "yyyy-MMM-dd hh:mm:ss.SS a z",
        "y-M-d H:m:s.S", "yyyyyMMdd", "yyyy-MM-dd HH:mm:ss zzzz",
    };

    static final String[][] EDGES = {
        {"yyyy-MM-dd", "UTC", "2024-13-01", "2024-02-30", "2024-02-29", "2023-02-29", "2024-1-5",
            "2024-01-05 trailing", " 2024-01-05", "2024- 01-05", "2024-01-05x", "+2024-01-05",
            "-2024-01-05", "0000-01-01", "0001-01-01", "2024-00-10", "2024-01-00", "2024-01-32",
            "20240-01-01", "2024--01-01", "", "2024-01", "\uff12\uff10\uff12\uff14-01-05",
            "2024-1e2-05", "2024-0000000001-05", "99999999999-01-01", "2024--1-05",
            "\t2024-01-05", "2024-01-05\n", "9999-12-31", "1899-12-31"},
        {"HH:mm:ss", "UTC", "23:59:60", "24:00:00", "23:60:00", "12:34:56", "1:2:3", "-1:00:00"},
        {"yyyy-MM-dd HH:mm:ss.SSS", "UTC", "2024-01-05 10:00:00.5", "2024-01-05 10:00:00.123456",
            "2024-01-05 10:00:00.050", "2024-01-05 10:00:00.", "2024-01-05 10:00:00.9999"},
        {"yyyy-MM-dd HH:mm:ss", "America/New_York", "2024-11-03 01:30:00", "2024-03-10 02:30:00",
            "2024-03-10 03:00:00", "2024-11-03 00:59:59", "2024-11-03 02:00:00",
            "2040-11-04 01:30:00", "2040-03-11 02:30:00", "1900-01-01 00:00:00",
            "1883-11-18 12:00:00", "2024-11-03 01:00:00"},
        {"yyyy-MM-dd HH:mm:ss", "Europe/London", "2024-10-27 01:30:00", "2024-03-31 01:30:00",
            "1971-06-01 12:00:00", "2024-06-01 12:00:00"},
        {"yyyy-MM-dd HH:mm:ss", "Australia/Lord_Howe", "2024-04-07 01:45:00",
            "2024-10-06 02:15:00"},
        {"dd MMM yyyy", "UTC", "05 jan 2024", "05 JANUARY 2024", "05 Janu 2024", "05 Sept 2024",
            "5 Jan 2024", "05 May 2024", "05 Mayo 2024", "05 M 2024"},
        {"EEE, dd MMM yyyy", "UTC", "Fri, 05 Jan 2024", "fri, 05 Jan 2024", "Mon, 05 Jan 2024",
            "Friday, 05 Jan 2024", "FRIDAY, 05 Jan 2024", "Fr, 05 Jan 2024"},
        {"yyyyMMddHHmmss", "UTC", "20240105103000", "2024010510300", "202401051030000",
            "2024 0105103000"},
        {"yyMMdd", "UTC", "240105", "990105", "600105"},
        {"yy-MM-dd", "UTC", "24-01-05", "99-01-05", "2024-01-05", "1-01-05", "-1-01-05",
            "024-01-05", "60-01-05"},
        {"hh:mm a", "UTC", "12:00 AM", "12:00 pm", "00:00 AM", "13:00 PM", "11:59 p", "01:00 PM",
            "1:00 am", "01:00PM", "01:00 PMX"},
        {"kk:mm", "UTC", "24:00", "00:00", "01:00", "25:00"},
        {"KK:mm a", "UTC", "11:00 PM", "12:00 PM", "00:30 AM"},
        {"H", "UTC", "5", "23", "24"},
        {"h", "UTC", "5", "12"},
        {"yyyy-MM-dd HH:mm z", "UTC", "2024-01-05 10:00 PST", "2024-01-05 10:00 PDT",
            "2024-07-05 10:00 PST", "2024-01-05 10:00 EST", "2024-01-05 10:00 GMT",
            "2024-01-05 10:00 GMT+05:30", "2024-01-05 10:00 GMT+5", "2024-01-05 10:00 UTC",
            "2024-01-05 10:00 Pacific Standard Time", "2024-01-05 10:00 +0530",
            "2024-01-05 10:00 BST", "2024-01-05 10:00 CET", "2024-01-05 10:00 IST",
            "2024-01-05 10:00 gmt-0800", "2024-01-05 10:00 XYZ", "2024-01-05 10:00 GMT-08:00",
            "2024-01-05 10:00 GMT+0530", "2024-01-05 10:00 GMTx", "2024-01-05 10:00 est",
            "2024-07-05 10:00 EDT", "2024-07-05 10:00 British Summer Time",
            "2024-01-05 10:00 Coordinated Universal Time", "2024-01-05 10:00 -08:00"},
        {"yyyy-MM-dd HH:mm z", "America/New_York", "2024-01-05 10:00 EST", "2024-07-05 10:00 EST",
            "2024-07-05 10:00 EDT", "2024-01-05 10:00 EDT", "2024-01-05 10:00 PST",
            "2024-11-03 01:30 EDT", "2024-11-03 01:30 EST"},
        {"yyyy-MM-dd HH:mm z", "Europe/London", "2024-07-05 10:00 BST", "2024-07-05 10:00 GMT",
            "2024-01-05 10:00 GMT"},
        {"yyyy-MM-dd HH:mm Z", "UTC", "2024-01-05 10:00 +0530", "2024-01-05 10:00 -08:00",
            "2024-01-05 10:00 +05", "2024-01-05 10:00 Z", "2024-01-05 10:00 GMT-08:00",
            "2024-01-05 10:00 +1500", "2024-01-05 10:00 +2400", "2024-01-05 10:00 +1400",
            "2024-01-05 10:00 -1300", "2024-01-05 10:00 PST", "2024-01-05 10:00 +0560",
            "2024-01-05 10:00 +053"},
        {"yyyy-MM-dd HH:mm X", "UTC", "2024-01-05 10:00 Z", "2024-01-05 10:00 +05",
            "2024-01-05 10:00 +0530", "2024-01-05 10:00 +05:30", "2024-01-05 10:00 -08",
            "2024-01-05 10:00 z", "2024-01-05 10:00 +5", "2024-01-05 10:00 GMT"},
        {"yyyy-MM-dd HH:mm XX", "UTC", "2024-01-05 10:00 +0530", "2024-01-05 10:00 +05:30",
            "2024-01-05 10:00 Z", "2024-01-05 10:00 +05"},
        {"yyyy-MM-dd HH:mm XXX", "UTC", "2024-01-05 10:00 +05:30", "2024-01-05 10:00 +0530",
            "2024-01-05 10:00 Z", "2024-01-05 10:00 -00:00", "2024-01-05 10:00 +05"},
        {"YYYY-ww-u", "UTC", "2025-01-1", "2024-53-1", "2024-52-7", "2025-01-7", "2020-53-4",
            "2020-54-1", "2024-01-0", "2024-01-8", "2026-01-4"},
        {"YYYY-MM-dd", "UTC", "2025-12-30", "2024-06-01"},
        {"YYYY-ww", "UTC", "2025-01", "2024-10"},
        {"yyyy-ww-E", "UTC", "2024-01-Sun", "2024-53-Tue", "2024-10-Wed"},
        {"yyyy-MM-W-E", "UTC", "2024-02-1-Thu", "2024-02-1-Sun", "2024-02-5-Thu", "2024-02-6-Thu"},
        {"yyyy-MM-F-E", "UTC", "2024-02-1-Thu", "2024-02-5-Thu", "2024-02-5-Fri"},
        {"yyyy-DDD", "UTC", "2024-366", "2023-366", "2024-000", "2024-1", "2024-60"},
        {"yyyy-MM-dd EEE", "UTC", "2024-01-05 Mon", "2024-01-05 Fri", "2024-01-05 FRI"},
        {"yyyy-MM-dd u", "UTC", "2024-01-05 5", "2024-01-05 1", "2024-01-07 7", "2024-01-07 0"},
        {"G yyyy-MM-dd", "UTC", "AD 2024-01-05", "ad 2024-01-05", "A 2024-01-05"},
        {"yyyy-MM-dd'T'HH:mm:ss'Z'", "UTC", "2024-01-05T10:00:00Z", "2024-01-05T10:00:00z",
            "2024-01-05t10:00:00Z"},
        {"yyyy-MM-dd'T'HH:mm:ss'Z'", "America/New_York", "2024-01-05T10:00:00Z"},
        {"'o''clock' h a", "UTC", "o'clock 5 PM", "O'CLOCK 5 PM"},
        {"yyyy-MM-dd", "Asia/Kolkata", "2024-01-05", "1942-09-01"},
        {"yyyy-MM-dd", "Asia/Kathmandu", "1986-01-01", "2024-01-05"},
        {"yyyy MM dd", "UTC", "2024  01 05", "2024 \t01 05", "2024\t01 05", "2024 01  05"},
        {"ss.S", "UTC", "05.5", "05.50", "05.500", "05.999", "05.1000"},
        {"yyyy-MM-dd HH:mm:ss", "EST", "2024-07-05 10:00:00"},
        {"yyyy-MM-dd HH:mm:ss", "BST", "2024-07-05 10:00:00"},
        {"yyyy-MM-dd HH:mm:ss", "GMT+05:30", "2024-07-05 10:00:00"},
        {"yyyy-MM-dd HH:mm:ss", "Mars/Olympus", "2024-07-05 10:00:00"},
        {"MMM d, yyyy", "UTC", "Jan 5, 2024", "January 5, 2024", "Ja 5, 2024"},
        {"MMMM", "UTC", "May", "march"},
        {"LLL yyyy", "UTC", "Feb 2024", "February 2024"},
        {"dd", "UTC", "05", "5", "31", "32"},
        {"", "UTC", "", "anything"},
        {"yyyy-MM-dd HH:mm:ss.SSSXXX", "UTC", "2024-01-05 10:00:00.123+01:00",
            "2024-01-05 10:00:00.123+14:00", "2024-01-05 10:00:00.123-12:00"},
    };

    static List<String> all() {
        List<String> lines = new ArrayList<>();
        String[] zones = {"UTC", "Europe/London", "America/New_York", "Asia/Kathmandu",
            "Australia/Lord_Howe", "America/St_Johns", "PST", "GMT-3"};
        for (String p : ROUND_TRIP) {
            for (String z : zones) {
                for (String iso : GenVectors.INSTANTS) {
                    String text = GenVectors.fmt(p, z, GenVectors.ms(iso));
                    lines.add(GenVectors.parseLine(p, z, text));
                }
            }
        }
        // Every distinct Locale.US zone name, in winter and summer: z parsing searches the
        // formatter's zone, then the default zone, then all zone strings in order.
        Set<String> zoneNames = new java.util.TreeSet<>();
        for (String[] row : DateFormatSymbols.getInstance(GenVectors.US).getZoneStrings()) {
            for (int k = 1; k <= 4; k++) {
                if (row[k] != null && !row[k].isEmpty()) zoneNames.add(row[k]);
            }
        }
        for (String name : zoneNames) {
            for (String day : new String[] {"2024-01-05", "2024-07-05"}) {
                lines.add(GenVectors.parseLine("yyyy-MM-dd HH:mm z", "UTC", day + " 10:00 " + name));
            }
        }
        for (String[] group : EDGES) {
            for (int i = 2; i < group.length; i++) {
                lines.add(GenVectors.parseLine(group[0], group[1], group[i]));
            }
        }
        return lines;
    }
}

/** Seeded random patterns and mutated texts: combinations nobody would think to write. */
class Fuzz {
    static final String LETTERS = "GyYMLwWDdFEuaHkKhmsSzZX";
    static final String[] LITERALS = {"-", ":", " ", "/", ".", "'T'", ",", "''", "'at'", "_"};
    static final String[] ZONES = {"UTC", "Europe/London", "America/New_York", "Asia/Kolkata",
        "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns", "PST", "BST", "GMT+05:30"};
    static final String NOISE = "0123456789 -:+.ZTaApPmMjJ\t";
    // Instants between 1972 and 2037, where Java's and Python's tz rules agree.
    static final long LOW = 63072000000L, HIGH = 2145916800000L;

    static String randomPattern(Random r) {
        while (true) {
            String p = candidatePattern(r);
            try {
                new SimpleDateFormat(p, GenVectors.US);
                return p;
            } catch (IllegalArgumentException e) {
                // two X runs met (XX + XXX): draw again
            }
        }
    }

    static String candidatePattern(Random r) {
        StringBuilder b = new StringBuilder();
        int fields = 1 + r.nextInt(6);
        for (int i = 0; i < fields; i++) {
            char c = LETTERS.charAt(r.nextInt(LETTERS.length()));
            int count = c == 'X' ? 1 + r.nextInt(3) : 1 + r.nextInt(c == 'y' || c == 'S' ? 6 : 4);
            b.append(String.valueOf(c).repeat(count));
            if (r.nextInt(4) > 0) b.append(LITERALS[r.nextInt(LITERALS.length)]);
        }
        return b.toString();
    }

    static long randomInstant(Random r) {
        return LOW + (long) (r.nextDouble() * (HIGH - LOW));
    }

    static List<String> formatCases() {
        Random r = new Random(20240105L);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String p = randomPattern(r);
            String z = ZONES[r.nextInt(ZONES.length)];
            lines.add(GenVectors.formatLine(p, z, randomInstant(r)));
        }
        return lines;
    }

    /** Full date-time patterns, formatted then mutated one edit at a time. */
    static final String[] PARSE_PATTERNS = {
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss",
        "EEE, dd MMM yyyy HH:mm:ss z", "MM/dd/yyyy hh:mm:ss a", "yyyy-MM-dd'T'HH:mm:ssZ",
        "dd.MM.yy HH:mm", "YYYY-'W'ww-u HH:mm X", "yyyy-DDD kk:mm:ss.SSS", "MMMM d, yyyy h:mm a zzzz",
    };

    static String mutate(Random r, String s) {
        if (s.isEmpty()) return s;
        int at = r.nextInt(s.length());
        char noise = NOISE.charAt(r.nextInt(NOISE.length()));
        switch (r.nextInt(6)) {
            case 0: return s.substring(0, at) + noise + s.substring(at + 1);
            case 1: return s.substring(0, at) + s.substring(at + 1);
            case 2: return s.substring(0, at) + noise + s.substring(at);
            case 3: return s.substring(0, at) + s.charAt(at) + s.substring(at);
            case 4: return s.substring(0, at);
            default: return s.toLowerCase();
        }
    }

    static List<String> parseCases() {
        Random r = new Random(19700101L);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String p = PARSE_PATTERNS[r.nextInt(PARSE_PATTERNS.length)];
            String z = ZONES[r.nextInt(ZONES.length)];
            String text = GenVectors.fmt(p, z, randomInstant(r));
            int edits = r.nextInt(3);
            for (int e = 0; e < edits; e++) text = mutate(r, text);
            lines.add(GenVectors.parseLine(p, z, text));
        }
        for (int i = 0; i < 800; i++) {
            String p = randomPattern(r);
            String z = ZONES[r.nextInt(ZONES.length)];
            lines.add(GenVectors.parseLine(p, z, GenVectors.fmt(p, z, randomInstant(r))));
        }
        return lines;
    }
}
