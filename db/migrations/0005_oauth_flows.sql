CREATE TABLE `oauth_flows` (
	`state` text PRIMARY KEY NOT NULL,
	`client` text NOT NULL,
	`created_at` integer NOT NULL,
	`record` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `oauth_flows_client_idx` ON `oauth_flows` (`client`,`created_at`);--> statement-breakpoint
CREATE INDEX `oauth_flows_created_at_idx` ON `oauth_flows` (`created_at`);