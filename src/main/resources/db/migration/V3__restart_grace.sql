-- Restart grace: a worker that leaves to restart (DELETE ...?restart=true) keeps its partitions,
-- unowned and in state HELD, until restart_until (database clock). NULL: not restarting.
ALTER TABLE workers
    ADD COLUMN restart_until DATETIME(3) NULL,
    ADD KEY workers_by_restart (restart_until);
