package io.dynod.cli;

import io.dynod.protocol.model.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one clear line on stderr, as PRODUCT.md §2 asks: exit code 2 for
 * bad input caught before anything was done (a bad name, formation, duration), 1 otherwise.
 */
final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println("dynod " + cmd.getCommandName() + ": " + message);
        return e instanceof InvalidInputException ? 2 : 1;
    }
}
