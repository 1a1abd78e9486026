package io.symoe.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code java ... MainClass args...} command line split into its parts, so the Dockerfile, the systemd unit and
 * the developer launcher can be compared part by part.
 *
 * @param jvmOptions every token between the java binary and the main class except the classpath
 * @param classpath  the {@code -cp} value
 * @param mainClass  the first token after the options
 * @param args       what the main class receives
 */
record JavaCommand(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {

    /** JVM options that take their value as the next token. */
    private static final List<String> WITH_VALUE = List.of("--add-modules", "--add-opens", "--add-exports", "-p",
            "--module-path");

    static JavaCommand parse(List<String> tokens) {
        if (tokens.isEmpty() || !tokens.getFirst().endsWith("java")) {
            throw new AssertionError("not a java command: " + tokens);
        }
        List<String> options = new ArrayList<>();
        String classpath = null;
        int i = 1;
        while (i < tokens.size() && tokens.get(i).startsWith("-")) {
            String t = tokens.get(i);
            if (t.equals("-cp") || t.equals("-classpath") || t.equals("--class-path")) {
                classpath = tokens.get(i + 1);
                i += 2;
            } else if (WITH_VALUE.contains(t)) {
                options.add(t);
                options.add(tokens.get(i + 1));
                i += 2;
            } else {
                options.add(t);
                i++;
            }
        }
        if (i >= tokens.size()) {
            throw new AssertionError("no main class in " + tokens);
        }
        return new JavaCommand(List.copyOf(options), classpath, tokens.get(i),
                List.copyOf(tokens.subList(i + 1, tokens.size())));
    }

    private static final Pattern LAUNCHER_EXEC = Pattern.compile(
            "exec \"\\$JAVA_HOME/bin/java\"((?:[^\\n]*\\\\\\n)*[^\\n]*)");

    /**
     * The JVM options of the developer launcher ({@code ./symoe}): the tokens of its final {@code exec java} that
     * other than {@code -D} properties and shell-expanded user options, which are the launcher's own business.
     */
    static List<String> launcherJvmOptions(String launcherScript) {
        Matcher m = LAUNCHER_EXEC.matcher(launcherScript);
        if (!m.find()) {
            throw new AssertionError("the launcher has no 'exec \"$JAVA_HOME/bin/java\"' line any more");
        }
        List<String> tokens = new ArrayList<>();
        tokens.add("java");
        for (String t : m.group(1).replace("\\\n", " ").trim().split("\\s+")) {
            String unquoted = t.replace("\"", "");
            if (!unquoted.startsWith("${")) { // optional options (user's, TornadoVM's), empty by default
                tokens.add(unquoted);
            }
        }
        return parse(tokens).jvmOptions().stream().filter(o -> !o.startsWith("-D")).toList();
    }
}
