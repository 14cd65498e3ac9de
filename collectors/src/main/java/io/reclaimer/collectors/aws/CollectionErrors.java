package io.reclaimer.collectors.aws;

/** Where a failed AWS listing or query is reported; collection goes on with the next service, region or account. */
@FunctionalInterface
public interface CollectionErrors {

    void failed(String account, String region, String service, Exception error);
}
