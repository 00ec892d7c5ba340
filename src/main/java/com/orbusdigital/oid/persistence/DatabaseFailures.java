package com.orbusdigital.oid.persistence;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/** Turns a database failure into a reason fit for a log line or a readiness answer. */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    /** A short, log-safe reason (pgjdbc messages carry host and user, never the password). */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                switch (sql.getSQLState()) {
                    case "28P01", "28000" -> { return "authentication failed"; }
                    case "3D000" -> { return "database does not exist"; }
                    case "42501" -> { return "permission denied (the user needs CREATE on the database or the schema)"; }
                    default -> { /* look deeper */ }
                }
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

}
