package org.trt4j.weights.darknet;

import org.trt4j.error.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Darknet {@code .cfg} file: {@code [section]} headers, {@code key=value} options, comments starting with
 * {@code #} or {@code ;}. The first section is {@code [net]} (or {@code [network]}): the input size and training
 * options. The other sections are the layers, indexed from 0 in file order — the N of the
 * {@code module_list.N.*} weight names and of absolute {@code route}/{@code shortcut} references.
 */
public final class DarknetCfg {
    private final String source;
    private final CfgSection net;
    private final List<CfgSection> layers;

    private DarknetCfg(String source, CfgSection net, List<CfgSection> layers) {
        this.source = source;
        this.net = net;
        this.layers = List.copyOf(layers);
    }

    public static DarknetCfg parse(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserError.cannotRead(file, e);
        }
        return parse(file.toString(), text);
    }

    /** Parses cfg text; {@code source} names it in error messages. */
    public static DarknetCfg parse(String source, String text) {
        List<CfgSection> sections = new ArrayList<>();
        CfgSection current = null;
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3)
                    throw new UserError(source + ":" + lineNo + ": bad section header '" + line + "'");
                String type = line.substring(1, line.length() - 1).strip().toLowerCase(java.util.Locale.ROOT);
                current = new CfgSection(source, type, sections.size() - 1, lineNo);
                sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) throw new UserError(source + ":" + lineNo + ": expected key=value or [section], found '" + line + "'");
            if (current == null) throw new UserError(source + ":" + lineNo + ": option '" + line + "' before the first [section]");
            current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), lineNo);
        }
        if (sections.isEmpty()) throw new UserError(source + ": no sections (an empty or non-Darknet cfg file)");
        CfgSection first = sections.get(0);
        if (!first.type().equals("net") && !first.type().equals("network"))
            throw new UserError(source + ":" + first.line() + ": the first section must be [net], found [" + first.type() + "]");
        for (int i = 1; i < sections.size(); i++) {
            CfgSection s = sections.get(i);
            if (s.type().equals("net") || s.type().equals("network"))
                throw new UserError(source + ":" + s.line() + ": a second [" + s.type() + "] section");
        }
        return new DarknetCfg(source, first, sections.subList(1, sections.size()));
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        if (hash >= 0) line = line.substring(0, hash);
        String t = line.strip();
        return t.startsWith(";") ? "" : line;
    }

    public String source() { return source; }

    /** The [net] section: width, height, channels, batch, ... */
    public CfgSection net() { return net; }

    /** The layer sections, [net] excluded, in file order; {@code layers().get(i).index() == i}. */
    public List<CfgSection> layers() { return layers; }

    public CfgSection layer(int index) { return layers.get(index); }

    /** Network input width, height and channels from [net] (defaults of Darknet: 0, 0, 3 — width/height required). */
    public int width() { return net.requireInt("width"); }

    public int height() { return net.requireInt("height"); }

    public int channels() { return net.getInt("channels", 3); }

    /**
     * The absolute layer indices a route/shortcut of layer {@code at} refers to: negative values are relative to
     * {@code at}, others absolute. Checked to point at an earlier layer.
     */
    public int[] resolveRefs(CfgSection at, String key) {
        int[] refs = at.requireIntList(key);
        for (int i = 0; i < refs.length; i++) {
            int r = refs[i] < 0 ? at.index() + refs[i] : refs[i];
            if (r < 0 || r >= at.index())
                throw new UserError(source + ":" + at.lineOf(key) + ": [" + at.type() + "] layer " + at.index() + " " + key + "="
                        + at.getString(key, "") + " refers to layer " + r + ", not an earlier layer");
            refs[i] = r;
        }
        return refs;
    }
}
