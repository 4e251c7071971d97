CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`url` text NOT NULL,
	`verdict` text NOT NULL,
	`era` text NOT NULL,
	`server_name` text,
	`server_version` text,
	`schema_version` integer NOT NULL,
	`report` text
);
--> statement-breakpoint
CREATE INDEX `reports_expires_at_idx` ON `reports` (`expires_at`);