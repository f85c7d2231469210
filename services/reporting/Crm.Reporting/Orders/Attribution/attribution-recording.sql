-- What the recording transaction runs before it re-resolves the orders (order-sale-rows.sql).
-- Merge chains (a into b, b into c, ...) are followed 16 deep, as the resolution does (OrderSales.ResolvedFromAsync):
--   up(id)    the given customers and the survivors up their chains
--   down(id)  the given customers and every customer merged into them, through any chain
-- Report rows are in Marten's default tenant ('*DEFAULT*'): naming it finds a document by its primary key (tenant_id, id).

-- name: lock-order-customers
-- The customers the orders' resolution reads: each order's customer and the survivors up its chain (parameter: the
-- order ids). {lock} is pg_advisory_xact_lock_shared when only orders are recorded (orders of the same customer do not
-- read each other's rows: they wait only for a change of the customer, and it for them), else pg_advisory_xact_lock.
with recursive up(id, depth) as (
  select s, 0 from unnest((select array_agg(CAST(o.data ->> 'customerId' as uuid)) from {schema}.mt_doc_reportorder o where o.tenant_id = '*DEFAULT*' and o.id = any(?))) s
  union all
  select c.merged_into, up.depth + 1 from {schema}.mt_doc_reportcustomer c join up on c.tenant_id = '*DEFAULT*' and c.id = up.id
  where c.merged_into is not null and up.depth < 16),
locked as (select id from up)
select {lock}(k) from (select distinct hashtextextended('crm-sale:' || CAST(id as text), 0) as k from locked) l order by k;

-- name: lock-customers
-- The customers recorded, their survivors and the customers merged into them, exclusively (parameters: the customer
-- ids, twice). In key order, as the statement before, so that two recordings take them in the same order.
with recursive up(id, depth) as (
  select s, 0 from unnest(CAST(? as uuid[])) s
  union all
  select c.merged_into, up.depth + 1 from {schema}.mt_doc_reportcustomer c join up on c.tenant_id = '*DEFAULT*' and c.id = up.id
  where c.merged_into is not null and up.depth < 16), down(id, depth) as (
  select s, 0 from unnest(CAST(? as uuid[])) s
  union all
  select c.id, down.depth + 1 from {schema}.mt_doc_reportcustomer c join down on c.tenant_id = '*DEFAULT*' and c.merged_into = down.id
  where down.depth < 16),
locked as (select id from up union select id from down)
select pg_advisory_xact_lock(k) from (select distinct hashtextextended('crm-sale:' || CAST(id as text), 0) as k from locked) l order by k;

-- name: affected-orders
-- The orders to re-resolve: those signed to the customers recorded or to any customer merged into them (first
-- parameter: the customer ids), and the orders recorded (second: the order ids). Read once the locks are held.
with recursive down(id, depth) as (
  select s, 0 from unnest(CAST(? as uuid[])) s
  union all
  select c.id, down.depth + 1 from {schema}.mt_doc_reportcustomer c join down on c.tenant_id = '*DEFAULT*' and c.merged_into = down.id
  where down.depth < 16)
select order_id from {schema}.rpt_order_sale f where f.signed_customer_id in (select id from down)
union select unnest(CAST(? as uuid[]));

-- name: order-local-days
-- The local day of signing of the orders of the branches whose time zone became known (parameter: their codes).
update {schema}.rpt_order_sale f set local_day = CAST((f.signed_at) at time zone coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
          order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as date)
where f.branch = any(?) and f.local_day is distinct from CAST((f.signed_at) at time zone coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
          order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as date);

-- name: line-local-days
-- The same for their lines.
update {schema}.rpt_order_sale_line f set local_day = CAST((f.signed_at) at time zone coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
          order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as date)
where f.branch = any(?) and f.local_day is distinct from CAST((f.signed_at) at time zone coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
          order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as date);
