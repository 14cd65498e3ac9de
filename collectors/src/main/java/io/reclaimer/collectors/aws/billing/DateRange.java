package io.reclaimer.collectors.aws.billing;

import java.time.LocalDate;

/** Days from {@code start} (inclusive) to {@code end} (exclusive), as Cost Explorer's TimePeriod takes them. */
record DateRange(LocalDate start, LocalDate end) {

    DateRange {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty date range " + start + ".." + end);
        }
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && day.isBefore(end);
    }
}
