-- The merge of the changes the recordings appended to the sums' _pending tables (sales-sums-schema.sql,
-- owed-sums-schema.sql) into the sums: each in a transaction of its own, rows of a key in key order so that two
-- merges at once do not deadlock. Every change is in one table or the other in any snapshot, never both.

-- name: pending
-- The sums with changes pending: one look for all, so that an idle database costs one query per merge.
(select 'rpt_sales_day' from {schema}.rpt_sales_day_pending limit 1)
union all (select 'rpt_sales_product_month' from {schema}.rpt_sales_product_month_pending limit 1)
union all (select 'rpt_owed_day' from {schema}.rpt_owed_day_pending limit 1);

-- name: rpt_sales_day
with moved as (delete from {schema}.rpt_sales_day_pending returning *),
added as (
  insert into {schema}.rpt_sales_day as d (branch, local_day, category, orders, total)
  select branch, local_day, category, sum(orders), sum(total) from moved
  group by branch, local_day, category order by branch, local_day, category
  on conflict (branch, local_day, category) do update set orders = d.orders + excluded.orders, total = d.total + excluded.total
  returning 1)
select CAST(count(*) as int) from moved;

-- name: rpt_sales_product_month
with moved as (delete from {schema}.rpt_sales_product_month_pending returning *),
added as (
  insert into {schema}.rpt_sales_product_month as d (branch, month, product_id, product_category, lines, quantity, sales)
  select branch, month, product_id, product_category, sum(lines), sum(quantity), sum(sales) from moved
  group by branch, month, product_id, product_category order by branch, month, product_id, product_category
  on conflict (branch, month, product_id, product_category) do update
    set lines = d.lines + excluded.lines, quantity = d.quantity + excluded.quantity, sales = d.sales + excluded.sales
  returning 1)
select CAST(count(*) as int) from moved;

-- name: rpt_owed_day
with moved as (delete from {schema}.rpt_owed_day_pending returning *),
added as (
  insert into {schema}.rpt_owed_day as d (branch, local_day, outstanding, overdue)
  select branch, local_day, sum(outstanding), sum(overdue) from moved
  group by branch, local_day order by branch, local_day
  on conflict (branch, local_day) do update set outstanding = d.outstanding + excluded.outstanding, overdue = d.overdue + excluded.overdue
  returning 1)
select CAST(count(*) as int) from moved;
