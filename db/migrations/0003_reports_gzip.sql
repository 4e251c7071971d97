DROP INDEX `reports_live_expires_at_idx`;--> statement-breakpoint
ALTER TABLE `reports` ADD `report_gz` blob;--> statement-breakpoint
CREATE INDEX `reports_live_expires_at_idx` ON `reports` (`expires_at`) WHERE report is not null or report_gz is not null;