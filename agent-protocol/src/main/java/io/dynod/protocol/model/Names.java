package io.dynod.protocol.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The naming rules of the protocol (Heroku's where Heroku has one). Each check returns its input. */
public final class Names {

    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{1,29}");
    private static final Pattern PROCESS_TYPE = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern DYNO = Pattern.compile("([A-Za-z0-9_-]{1,30})\\.([1-9][0-9]{0,5})");
    private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Names() {}

    public static String appName(String name) {
        return check("app name", name, APP,
                "2 to 30 lowercase letters, digits and dashes, starting with a letter");
    }

    public static String processType(String type) {
        return check("process type", type, PROCESS_TYPE, "1 to 30 letters, digits, '_' and '-'");
    }

    public static String dynoName(String name) {
        return check("dyno name", name, DYNO, "TYPE.N, like web.1 or run.4821");
    }

    /** The process type of a valid dyno name: {@code web} for {@code web.1}. */
    public static String typeOfDyno(String dynoName) {
        Matcher matcher = DYNO.matcher(dynoName(dynoName));
        matcher.matches();
        return matcher.group(1);
    }

    /** A dyno name ({@code web.1}) or a bare process type ({@code web}), as {@code ps:restart} takes. */
    public static String dynoOrType(String target) {
        if (target != null && target.contains(".")) {
            return dynoName(target);
        }
        return processType(target);
    }

    public static String configKey(String key) {
        String checked = check("config var", key, CONFIG_KEY,
                "letters, digits and '_', not starting with a digit, at most 256 characters");
        if (checked.startsWith("__")) {
            throw new InvalidInputException("config var \"" + key + "\": must not start with \"__\"");
        }
        return checked;
    }

    public static String domain(String domain) {
        return check("domain", domain, DOMAIN, "a lowercase host name like app.example.com");
    }

    public static String sha256(String hex) {
        return check("sha256", hex, SHA256, "64 lowercase hex digits");
    }

    /** Fails with "{@code <what> is required}" when {@code value} is null. */
    public static <T> T required(String what, T value) {
        if (value == null) {
            throw new InvalidInputException(what + " is required");
        }
        return value;
    }

    private static String check(String what, String value, Pattern rule, String ruleInWords) {
        required(what, value);
        if (!rule.matcher(value).matches()) {
            throw new InvalidInputException(what + " \"" + value + "\": must be " + ruleInWords);
        }
        return value;
    }
}
