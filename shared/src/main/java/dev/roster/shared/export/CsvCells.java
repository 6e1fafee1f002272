package dev.roster.shared.export;

/** RFC 4180 cells, with spreadsheet formula injection neutralised (OWASP's CSV injection advice). */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * A cell as written: text a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading
     * apostrophe, then the cell is quoted if it holds a comma, quote, CR or LF (quotes doubled).
     */
    public static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        char first = text.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            text = "'" + text;
        }
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
