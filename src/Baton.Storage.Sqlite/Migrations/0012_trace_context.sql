-- The W3C trace context of whoever made an execution (the enqueue request's traceparent/tracestate, or the
-- scheduler's own trace for a scheduled fire). The claim returns it, so the worker's handler joins that trace.
ALTER TABLE executions ADD COLUMN trace_parent TEXT;
ALTER TABLE executions ADD COLUMN trace_state TEXT;
