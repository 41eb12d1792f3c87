package org.halodse.hw.liberty;

/**
 * A bad input file or value: the message is one line that names the source (file and line, or a
 * flag) and what was expected. The command line turns it into exit code 2 without a stack trace.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "file:line: message", the form compilers and OpenSTA use. */
    public static InputException at(String source, int line, String message) {
        return new InputException(line > 0 ? source + ":" + line + ": " + message : source + ": " + message);
    }
}
