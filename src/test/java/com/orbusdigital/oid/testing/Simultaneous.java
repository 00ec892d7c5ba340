package com.orbusdigital.oid.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Requests sent as racing clients send them: a thread each, released together by a latch. */
public final class Simultaneous {

    private Simultaneous() {}

    /** The answers to {@code copies} of {@code request} sent at once, in the order they were started. */
    public static List<Http.Response> send(int copies, Supplier<Http.Response> request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(copies);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }
}
