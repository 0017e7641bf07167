package org.riskbench.core;

/**
 * Bad input from the user: a file, a config key, a command-line value. Its message is one sentence a
 * user can act on (file:line:column or key path, and what is wrong). The CLI maps it to exit code 2,
 * the GUI to a readable dialog; neither shows its stack trace unless asked.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The message is cut past {@link Texts#LINE_LENGTH} characters: a value echoed whole must not make a huge line. */
    public InputException(String message) {
        super(Texts.abbreviate(message, Texts.LINE_LENGTH));
    }

    public InputException(String message, Throwable cause) {
        super(Texts.abbreviate(message, Texts.LINE_LENGTH), cause);
    }

    /** A message located in a file: {@code file:line:column: message} (line, column from 1; 0 = unknown). */
    public static InputException at(String file, long line, long column, String message) {
        return at(file, line, column, message, null);
    }

    /** Like {@link #at(String, long, long, String)}, keeping the cause for the log and DEBUG output. */
    public static InputException at(String file, long line, long column, String message, Throwable cause) {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) {
                where.append(':').append(column);
            }
        }
        return new InputException(where + ": " + message, cause);
    }
}
