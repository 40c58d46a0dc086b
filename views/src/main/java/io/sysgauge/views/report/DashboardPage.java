package io.sysgauge.views.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import io.sysgauge.events.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The one HTML page of the report and the live dashboard: {@code dashboard.html} with uPlot's
 * script and style from its webjar and the data (or, live, a note to fetch it) inlined, so the
 * page needs nothing from the network.
 */
public final class DashboardPage {

    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String CSS_MARK = "/*{{UPLOT_CSS}}*/";
    private static final String JS_MARK = "/*{{UPLOT_JS}}*/";
    private static final String DATA_MARK = "/*{{DATA}}*/";

    /** Writes the page's data object. */
    @FunctionalInterface
    public interface Data {
        /** @param json a generator that escapes {@code <}, so nothing closes the script early */
        void write(JsonGenerator json) throws IOException;
    }

    private DashboardPage() {}

    /**
     * @param out where the page goes; not closed
     * @param data the {@code SYSGAUGE} object the page's script reads
     * @throws IOException from out
     */
    public static void write(Writer out, Data data) throws IOException {
        String template = resource(DashboardPage.class, "dashboard.html");
        int css = template.indexOf(CSS_MARK);
        int js = template.indexOf(JS_MARK);
        int dataAt = template.indexOf(DATA_MARK);
        out.write(template, 0, css);
        out.write(resource(DashboardPage.class, UPLOT + "uPlot.min.css"));
        out.write(template, css + CSS_MARK.length(), js - css - CSS_MARK.length());
        out.write(resource(DashboardPage.class, UPLOT + "uPlot.iife.min.js"));
        out.write(template, js + JS_MARK.length(), dataAt - js - JS_MARK.length());
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.setCharacterEscapes(new ScriptSafe());
        data.write(json);
        json.flush();
        out.write(template, dataAt + DATA_MARK.length(), template.length() - dataAt - DATA_MARK.length());
        out.flush();
    }

    private static String resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (is the uPlot webjar on the class path?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Escapes {@code <} in strings: a metadata value like {@code </script>} stays text. */
    private static final class ScriptSafe extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes = standardAsciiEscapesForJSON();

        ScriptSafe() {
            escapes['<'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
