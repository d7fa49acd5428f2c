package io.dynod.cluster;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A real etcd cluster of several members on 127.0.0.1, for failover tests. */
final class EtcdCluster implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final List<EtcdProcess> members;

    private EtcdCluster(List<EtcdProcess> members) {
        this.members = List.copyOf(members);
    }

    static EtcdCluster start(int size) {
        EtcdProcess.requireEtcd();
        List<EtcdProcess> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(EtcdProcess.create("m" + i));
        }
        EtcdCluster cluster = new EtcdCluster(members);
        try {
            members.forEach(member -> member.joinCluster(members));
            members.forEach(EtcdProcess::start);
            members.forEach(EtcdProcess::awaitHealthy);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    EtcdProcess member(int index) {
        return members.get(index);
    }

    int size() {
        return members.size();
    }

    /** Client URLs of the given members, in that order, comma-separated as for {@code --etcd}. */
    String urls(int... indexes) {
        List<String> urls = new ArrayList<>();
        for (int index : indexes) {
            urls.add(members.get(index).clientUrl());
        }
        return String.join(",", urls);
    }

    /** Index of the current leader, asked of any running member. */
    int leader() {
        for (EtcdProcess member : members) {
            if (!member.isRunning()) {
                continue;
            }
            JsonObject status = status(member);
            if (status == null) {
                continue;
            }
            String leaderId = status.getString("leader", "");
            for (int i = 0; i < members.size(); i++) {
                JsonObject own = members.get(i).isRunning() ? status(members.get(i)) : null;
                if (own != null && leaderId.equals(own.getJsonObject("header").getString("member_id"))) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("no running member knows a leader among "
                + members.stream().map(EtcdProcess::name).collect(Collectors.joining(", ")));
    }

    /** Some member that is running and is not the leader. */
    int follower() {
        int leader = leader();
        for (int i = 0; i < members.size(); i++) {
            if (i != leader && members.get(i).isRunning()) {
                return i;
            }
        }
        throw new IllegalStateException("no running follower");
    }

    private static JsonObject status(EtcdProcess member) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(member.clientUrl() + "/v3/maintenance/status"))
                    .timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().encode())).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        members.forEach(EtcdProcess::close);
    }
}
