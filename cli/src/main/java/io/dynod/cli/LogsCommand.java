package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.client.LogQuery;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show an app's recent logs, or follow them with --tail")
final class LogsCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Option(names = {"-t", "--tail"}, description = "Keep following new lines until interrupted") boolean tail;
    @Option(names = {"-n", "--num"}, paramLabel = "N", description = "How many recent lines (default 100, at most 1500)") Integer lines;
    @Option(names = {"-d", "--dyno"}, paramLabel = "DYNO|TYPE", description = "Only this dyno (web.1) or type (web)") String dyno;
    @Option(names = {"-s", "--source"}, paramLabel = "app|dynod", description = "Only the app's lines or dynod's") String source;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        LogQuery query = new LogQuery(tail, lines, dyno, source);
        PrintWriter out = spec.commandLine().getOut();
        try (AgentClient client = agent.connect()) {
            client.logs(name, query, line -> {
                out.println(line);
                out.flush();
            }).await();
        }
        return 0;
    }
}
