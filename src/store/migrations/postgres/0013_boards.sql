-- The boards (issue 12): the key figures read the orders delivered in the last 14 days
-- (thousands of rows in a big shop) from the partial index of delivered orders alone,
-- with every column they need in it, never fetching an order row from a million.
-- (PostgreSQL: the same indexes; read alone in index-only scans.)
DROP INDEX repair_orders_delivered;
CREATE INDEX repair_orders_delivered ON repair_orders(delivered_at, promised_at, signed_at,
    created_at, dispatched_at, qc_failures)
    WHERE state = 'delivered';
-- The comebacks and the reached follow-up calls since a time, by that time: the figures
-- join the few since the span began instead of searching once per delivered order.
CREATE INDEX repair_orders_comeback_at ON repair_orders(created_at, comeback_of)
    WHERE comeback_of IS NOT NULL;
CREATE INDEX follow_up_calls_reached ON follow_up_calls(at, repair_order_id, result_score,
    staff_score)
    WHERE outcome = 'reached';
