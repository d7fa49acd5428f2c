package io.dynod.cli;

import io.dynod.protocol.AgentEndpoint;
import io.dynod.protocol.client.AgentClient;
import picocli.CommandLine.Option;

/** {@code --agent URL}, shared by every command that talks to an agent (PRODUCT.md §2). */
final class AgentOptions {

    @Option(names = "--agent", paramLabel = "URL",
            description = "Agent API URL (default: $DYNOD_AGENT_URL, else http://127.0.0.1:5005); "
                    + "token from $DYNOD_TOKEN, else $DYNOD_HOME/agent.token")
    String url;

    AgentClient connect() {
        return AgentClient.create(AgentEndpoint.resolve(url));
    }
}
