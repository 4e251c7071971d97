CREATE TABLE `monitor_events` (
	`id` text PRIMARY KEY NOT NULL,
	`monitor_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`detail` text NOT NULL,
	`security` integer NOT NULL,
	`run_id` text,
	`delivery` text
);
--> statement-breakpoint
CREATE INDEX `monitor_events_monitor_idx` ON `monitor_events` (`monitor_id`,`at`);--> statement-breakpoint
CREATE TABLE `monitor_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`monitor_id` text NOT NULL,
	`scheduled_for` integer NOT NULL,
	`checked_at` integer NOT NULL,
	`verdict` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`tool_count` integer NOT NULL,
	`summary` text NOT NULL,
	`runner` text NOT NULL,
	`report_gz` blob
);
--> statement-breakpoint
CREATE INDEX `monitor_runs_monitor_idx` ON `monitor_runs` (`monitor_id`,`checked_at`);--> statement-breakpoint
CREATE INDEX `monitor_runs_checked_idx` ON `monitor_runs` (`checked_at`);--> statement-breakpoint
CREATE TABLE `monitors` (
	`id` text PRIMARY KEY NOT NULL,
	`manage_token_hash` text NOT NULL,
	`url` text NOT NULL,
	`interval_s` integer NOT NULL,
	`webhook_url` text,
	`client_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`managed_at` integer NOT NULL,
	`state` text NOT NULL,
	`state_note` text,
	`next_run_at` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`last_run_at` integer,
	`last_verdict` text,
	`last_tool_count` integer,
	`down_since` integer,
	`surface` text,
	`surface_hash` text
);
--> statement-breakpoint
CREATE INDEX `monitors_due_idx` ON `monitors` (`state`,`next_run_at`);--> statement-breakpoint
CREATE INDEX `monitors_client_idx` ON `monitors` (`client_hash`);