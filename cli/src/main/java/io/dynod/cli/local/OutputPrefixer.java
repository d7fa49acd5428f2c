package io.dynod.cli.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The one writer of {@code dynod local}'s output: every line goes out whole, as
 * {@code HH:MM:SS web.1  | line}, under one lock, so lines of different processes never mix.
 * The prefix is coloured per process only when asked (a TTY without NO_COLOR).
 */
public final class OutputPrefixer {

    public static final String SYSTEM = "system";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int[] COLOURS = {36, 33, 32, 35, 34, 31, 96, 93, 92, 95, 94, 91};
    private static final byte[] RESET = "\u001b[0m".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final boolean colour;
    private final Clock clock;
    private final int nameWidth;

    public OutputPrefixer(OutputStream out, boolean colour, Clock clock, int nameWidth) {
        this.out = out;
        this.colour = colour;
        this.clock = clock;
        this.nameWidth = Math.max(nameWidth, SYSTEM.length());
    }

    /** Colour on a terminal unless NO_COLOR is set to anything non-empty (no-color.org). */
    public static boolean colourWanted(boolean terminal, String noColor) {
        return terminal && (noColor == null || noColor.isEmpty());
    }

    /** Writes one whole line for process {@code name}; {@code slot} picks its colour. */
    public synchronized void line(String name, int slot, byte[] text, int offset, int length) {
        try {
            String time = LocalTime.now(clock).format(TIME);
            String prefix = time + " " + pad(name) + " |";
            if (colour && slot >= 0) {
                out.write(("\u001b[" + COLOURS[slot % COLOURS.length] + "m").getBytes(StandardCharsets.US_ASCII));
                out.write(prefix.getBytes(StandardCharsets.UTF_8));
                out.write(RESET);
            } else {
                out.write(prefix.getBytes(StandardCharsets.UTF_8));
            }
            out.write(' ');
            out.write(text, offset, length);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void line(String name, int slot, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        line(name, slot, bytes, 0, bytes.length);
    }

    /** A message from dynod itself. */
    public void system(String text) {
        line(SYSTEM, -1, text);
    }

    private String pad(String name) {
        return name.length() >= nameWidth ? name : name + " ".repeat(nameWidth - name.length());
    }
}
