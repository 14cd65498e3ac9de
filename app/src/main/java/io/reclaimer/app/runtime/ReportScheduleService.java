package io.reclaimer.app.runtime;

import io.reclaimer.reports.WeeklyReportSchedule;

/**
 * The weekly report's schedule as a service of this process. A failed run does not make the process
 * unhealthy (restarting it would not bring an SMTP server back); it shows in
 * {@code reclaimer_report_emails_total{outcome="failed"}} and the ReclaimerWeeklyReportFailing alert.
 */
public final class ReportScheduleService implements ManagedService {

    private final WeeklyReportSchedule schedule;

    public ReportScheduleService(WeeklyReportSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return "weekly-report";
    }

    @Override
    public void start() {
        schedule.start();
    }

    @Override
    public String problem() {
        return "";
    }

    @Override
    public void close() {
        schedule.close();
    }
}
