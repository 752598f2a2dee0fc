-- The figures of `insights report` (METRICS.md sections 4 to 6) in DuckDB SQL, over the
-- same CSV, so the native benchmark can time an analyst's tool against ours. `bench/native.py`
-- substitutes {path}, runs the statements in order and fetches every result.
--
-- Two simplifications, both in DuckDB's favour: Month is parsed in the one format the
-- generator writes (M/D/YYYY), and markets are grouped as written (the generator writes
-- canonical names, so the groups are the same as ours after normalisation).

CREATE OR REPLACE TEMP TABLE r AS
SELECT
    row_number() OVER () AS line,
    CAST(date_trunc('month', strptime(Month, '%m/%d/%Y')) AS DATE) AS m,
    CustomerTenantId AS c,
    coalesce(CustomerName, CustomerTenantId) AS name,
    coalesce(nullif(trim(CustomerMarket), ''), 'Unknown') AS market,
    coalesce(nullif(trim(CustomerSegment), ''), 'Unknown') AS segment,
    coalesce(nullif(trim(Product), ''), 'Unknown') AS product,
    coalesce(nullif(trim(SKU), ''), 'Unknown') AS sku,
    coalesce(nullif(trim(SubscriptionId), ''), CustomerTenantId || chr(31) || coalesce(Product, '') || chr(31) || coalesce(SKU, '')) AS sub,
    lower(trim(SubscriptionStatus)) = 'active' AS is_active,
    coalesce(nullif(trim(PartnerLocation), ''), 'Unknown') AS partner_location,
    coalesce(nullif(trim(PartnerAttributionType), ''), 'Unknown') AS attribution_type,
    coalesce(nullif(trim(SalesChannel), ''), 'Unknown') AS sales_channel,
    nullif(trim(AzurePricingModel), '') AS pricing_model,
    coalesce(CAST(nullif(AvailableSeats, '') AS BIGINT), 0) AS available,
    coalesce(CAST(nullif(AssignedSeats, '') AS BIGINT), 0) AS assigned,
    coalesce(CAST(nullif(ActiveUsers, '') AS BIGINT), 0) AS active_users,
    lower(trim(coalesce(IsTrial, ''))) IN ('true', 'yes', 'y', '1') AS trial
FROM read_csv('{path}', header = true, all_varchar = true);

-- Data months and the default range: the last 12 data months.
CREATE OR REPLACE TEMP TABLE months AS
SELECT CAST(unnest(generate_series(min(m), max(m), INTERVAL 1 MONTH)) AS DATE) AS m FROM r;

CREATE OR REPLACE TEMP TABLE span AS
SELECT
    greatest((SELECT min(m) FROM months), CAST(max(m) - INTERVAL 11 MONTH AS DATE)) AS a,
    max(m) AS b,
    (SELECT min(m) FROM months) AS first
FROM months;

-- One row per customer and month with a row: state and attributes as of that month
-- (the customer's last row in file order within the month).
CREATE OR REPLACE TEMP TABLE cm AS
SELECT
    c, m,
    bool_or(is_active) AS is_customer,
    bool_or(is_active) AND sum(active_users) > 0 AS is_active_customer,
    arg_max(market, line) AS market,
    arg_max(segment, line) AS segment,
    arg_max(name, line) AS name
FROM r GROUP BY c, m;

CREATE OR REPLACE TEMP TABLE states AS
SELECT
    mo.m,
    cur.c AS c,
    coalesce(cur.is_customer, false) AS now,
    coalesce(prev.is_customer, false) AS before,
    cur.is_active_customer AS active,
    cur.market, cur.segment
FROM months mo
JOIN cm cur ON cur.m = mo.m
LEFT JOIN cm prev ON prev.c = cur.c AND prev.m = CAST(mo.m - INTERVAL 1 MONTH AS DATE)
UNION ALL
-- churned customers have no row this month but were customers the month before
SELECT CAST(prev.m + INTERVAL 1 MONTH AS DATE), prev.c, false, true, false, NULL, NULL
FROM cm prev
WHERE prev.is_customer
  AND CAST(prev.m + INTERVAL 1 MONTH AS DATE) IN (SELECT m FROM months)
  AND NOT EXISTS (SELECT 1 FROM cm cur WHERE cur.c = prev.c AND cur.m = CAST(prev.m + INTERVAL 1 MONTH AS DATE));

-- Per-month counts (section 4).
SELECT
    s.m,
    count(*) FILTER (WHERE now) AS customers,
    count(*) FILTER (WHERE now AND active) AS active,
    CASE WHEN s.m = span.first THEN 0 ELSE count(*) FILTER (WHERE now AND NOT before) END AS new,
    CASE WHEN s.m = span.first THEN 0 ELSE count(*) FILTER (WHERE before AND NOT now) END AS churned,
    CASE WHEN s.m = span.first THEN count(*) FILTER (WHERE now) ELSE count(*) FILTER (WHERE now AND before) END AS existing
FROM states s, span
GROUP BY s.m, span.first ORDER BY s.m;

-- Subscriptions per month.
SELECT m, count(DISTINCT sub) AS subscriptions FROM r WHERE is_active GROUP BY m ORDER BY m;

-- Geography: customers and active in b, added over the range.
SELECT
    market,
    count(*) FILTER (WHERE now AND m = span.b) AS customers,
    count(*) FILTER (WHERE now AND active AND m = span.b) AS active,
    count(*) FILTER (WHERE now AND NOT before AND m > span.first) AS added
FROM states, span
WHERE now AND m BETWEEN span.a AND span.b
GROUP BY market ORDER BY customers DESC, market;

-- Distribution in month b: subscription-level breakdowns count a customer under each value.
SELECT 'partner_location' AS breakdown, partner_location AS key, count(DISTINCT c) AS value
FROM r, span WHERE is_active AND m = span.b GROUP BY partner_location
UNION ALL
SELECT 'sales_channel', sales_channel, count(DISTINCT c) FROM r, span WHERE is_active AND m = span.b GROUP BY sales_channel
UNION ALL
SELECT 'pricing_model', pricing_model, count(DISTINCT c) FROM r, span
WHERE is_active AND m = span.b AND pricing_model IS NOT NULL GROUP BY pricing_model
UNION ALL
SELECT 'attribution_type', attribution_type, count(DISTINCT c) FROM r, span WHERE is_active AND m = span.b GROUP BY attribution_type
UNION ALL
SELECT 'segment', segment, count(*) FROM states, span WHERE now AND m = span.b GROUP BY segment
ORDER BY breakdown, value DESC, key;

-- Products and their SKUs in month b.
SELECT product, sku, count(DISTINCT c) AS customers
FROM r, span WHERE is_active AND m = span.b GROUP BY GROUPING SETS ((product), (product, sku))
ORDER BY product, sku NULLS FIRST;

-- Distribution trend over the range.
SELECT m, 'market' AS breakdown, market AS key, count(*) AS value
FROM states, span WHERE now AND m BETWEEN span.a AND span.b GROUP BY m, market
UNION ALL
SELECT m, 'segment', segment, count(*) FROM states, span WHERE now AND m BETWEEN span.a AND span.b GROUP BY m, segment
UNION ALL
SELECT m, 'partner_location', partner_location, count(DISTINCT c) FROM r, span
WHERE is_active AND m BETWEEN span.a AND span.b GROUP BY m, partner_location
UNION ALL
SELECT m, 'product', product, count(DISTINCT c) FROM r, span
WHERE is_active AND m BETWEEN span.a AND span.b GROUP BY m, product
ORDER BY m, breakdown, value DESC, key;

-- Licenses in month b: portfolio, per product, per customer with the low-adoption flag.
SELECT
    sum(available) FILTER (WHERE is_active AND NOT trial) AS entitlements,
    sum(assigned) FILTER (WHERE is_active AND NOT trial) AS assigned,
    sum(active_users) AS active_users
FROM r, span WHERE m = span.b;

SELECT
    product,
    sum(available) FILTER (WHERE is_active AND NOT trial) AS entitlements,
    sum(assigned) FILTER (WHERE is_active AND NOT trial) AS assigned,
    sum(active_users) AS active_users
FROM r, span WHERE m = span.b
GROUP BY product
HAVING sum(available) + sum(assigned) + sum(active_users) > 0
ORDER BY product;

SELECT
    c, any_value(name) AS name, entitlements, assigned, active_users,
    (entitlements > 0 AND assigned * 100.0 / entitlements < 60)
        OR (assigned > 0 AND active_users * 100.0 / assigned < 50) AS low_adoption
FROM (
    SELECT
        r.c,
        arg_max(r.name, r.line) AS name,
        coalesce(sum(available) FILTER (WHERE is_active AND NOT trial), 0) AS entitlements,
        coalesce(sum(assigned) FILTER (WHERE is_active AND NOT trial), 0) AS assigned,
        sum(active_users) AS active_users,
        sum(available) + sum(assigned) + sum(active_users) AS any_seats
    FROM r, span WHERE r.m = span.b GROUP BY r.c
) WHERE any_seats > 0
GROUP BY c, entitlements, assigned, active_users
ORDER BY c;
