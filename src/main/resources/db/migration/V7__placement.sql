-- Priority, capacity, weights and placement (doc/design/placement.md).
-- Queues: a priority (higher is served first when capacity is short) and placement rules as JSON
-- text: {"requiredLabels": {...}, "spreadBy": "zone", "pins": {"3": "<worker id>"}}; NULL: none.
ALTER TABLE queues
    ADD COLUMN priority  INT  NOT NULL DEFAULT 0,
    ADD COLUMN placement TEXT NULL;

-- Workers: what each announces in its heartbeat, as canonical JSON text (sorted keys, defaults
-- left out): {"weight": 2, "maxPartitions": 40, "labels": {"zone": "a"}}; NULL: weight 1,
-- unbounded, no labels. Compared as text to tell a change, like the queues column.
ALTER TABLE workers
    ADD COLUMN profile TEXT NULL;
