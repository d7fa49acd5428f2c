package io.dynod.supervisor.release;

/** One Procfile entry: a process type's name, its shell command, and the line it came from. */
public record ProcessType(String name, String command, int line) {}
