-- The sales sums: the counted rows of rpt_order_sale per branch, local day and category (rpt_sales_day), and of
-- rpt_order_sale_line per branch, local month, product and product category (rpt_sales_product_month).
--
-- Statement triggers keep each equal to its source summed per key: once per statement, over the rows it inserted,
-- changed or deleted (a merge re-resolving thousands of orders adds them up once). The net change per key is
-- appended to the _pending table, never updated in place, so recordings touching the same day wait for nobody;
-- an update that leaves a key's sums as they were (a payment, for the daily sums) appends nothing. The merge
-- (sums-merge.sql) adds the pending changes in; a reader sums both (AttributionSums.Summed). A truncate (a rebuild)
-- empties both. The triggers are installed with a fill from the rows already there, in the same transaction, so that
-- the sums start equal.

create table if not exists {schema}.rpt_sales_day (
  branch text not null, local_day date not null, category text not null,
  orders numeric not null default 0, total numeric not null default 0,
  primary key (branch, local_day, category));
create table if not exists {schema}.rpt_sales_day_pending (like {schema}.rpt_sales_day);
-- Group-wide periods, across the branches that lead the key.
create index if not exists rpt_sales_day_period on {schema}.rpt_sales_day (local_day);

create or replace function {schema}.rpt_sales_day_of_rpt_order_sale() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'TRUNCATE' then
    truncate {schema}.rpt_sales_day, {schema}.rpt_sales_day_pending;
    return null;
  end if;
  if tg_op = 'UPDATE' then
    insert into {schema}.rpt_sales_day_pending (branch, local_day, category, orders, total)
      select branch, local_day, category, sum(orders), sum(total) from (
        (select r.branch, r.local_day, r.category, -count(*), -sum(r.total)
         from old_rows r where r.counted and r.local_day is not null group by 1, 2, 3)
        union all
        (select r.branch, r.local_day, r.category, count(*), sum(r.total)
         from new_rows r where r.counted and r.local_day is not null group by 1, 2, 3)) c (branch, local_day, category, orders, total)
      group by 1, 2, 3 having sum(orders) <> 0 or sum(total) <> 0;
  elsif tg_op = 'DELETE' then
    insert into {schema}.rpt_sales_day_pending (branch, local_day, category, orders, total)
      select branch, local_day, category, sum(orders), sum(total) from (
        (select r.branch, r.local_day, r.category, -count(*), -sum(r.total)
         from old_rows r where r.counted and r.local_day is not null group by 1, 2, 3)) c (branch, local_day, category, orders, total)
      group by 1, 2, 3 having sum(orders) <> 0 or sum(total) <> 0;
  else
    insert into {schema}.rpt_sales_day_pending (branch, local_day, category, orders, total)
      select branch, local_day, category, sum(orders), sum(total) from (
        (select r.branch, r.local_day, r.category, count(*), sum(r.total)
         from new_rows r where r.counted and r.local_day is not null group by 1, 2, 3)) c (branch, local_day, category, orders, total)
      group by 1, 2, 3 having sum(orders) <> 0 or sum(total) <> 0;
  end if;
  return null;
end $fn$;

do $do$
begin
  if not exists (select from pg_trigger where tgname = 'rpt_sales_day_of_rpt_order_sale_insert' and tgrelid = '{schema}.rpt_order_sale'::regclass) then
    truncate {schema}.rpt_sales_day, {schema}.rpt_sales_day_pending;
    insert into {schema}.rpt_sales_day as d (branch, local_day, category, orders, total)
      select r.branch, r.local_day, r.category, count(*), sum(r.total)
      from {schema}.rpt_order_sale r where r.counted and r.local_day is not null group by 1, 2, 3
      on conflict (branch, local_day, category) do update set orders = d.orders + excluded.orders, total = d.total + excluded.total;
    create trigger rpt_sales_day_of_rpt_order_sale_insert after insert on {schema}.rpt_order_sale referencing new table as new_rows
      for each statement execute function {schema}.rpt_sales_day_of_rpt_order_sale();
    create trigger rpt_sales_day_of_rpt_order_sale_update after update on {schema}.rpt_order_sale referencing old table as old_rows new table as new_rows
      for each statement execute function {schema}.rpt_sales_day_of_rpt_order_sale();
    create trigger rpt_sales_day_of_rpt_order_sale_delete after delete on {schema}.rpt_order_sale referencing old table as old_rows
      for each statement execute function {schema}.rpt_sales_day_of_rpt_order_sale();
    create trigger rpt_sales_day_of_rpt_order_sale_truncate after truncate on {schema}.rpt_order_sale
      for each statement execute function {schema}.rpt_sales_day_of_rpt_order_sale();
  end if;
end $do$;

create table if not exists {schema}.rpt_sales_product_month (
  branch text not null, month date not null, product_id uuid not null, product_category text not null,
  lines numeric not null default 0, quantity numeric not null default 0, sales numeric not null default 0,
  primary key (branch, month, product_id, product_category));
create table if not exists {schema}.rpt_sales_product_month_pending (like {schema}.rpt_sales_product_month);
-- Group-wide periods, across the branches that lead the key.
create index if not exists rpt_sales_product_month_period on {schema}.rpt_sales_product_month (month);

create or replace function {schema}.rpt_sales_product_month_of_rpt_order_sale_line() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'TRUNCATE' then
    truncate {schema}.rpt_sales_product_month, {schema}.rpt_sales_product_month_pending;
    return null;
  end if;
  if tg_op = 'UPDATE' then
    insert into {schema}.rpt_sales_product_month_pending (branch, month, product_id, product_category, lines, quantity, sales)
      select branch, month, product_id, product_category, sum(lines), sum(quantity), sum(sales) from (
        (select r.branch, CAST(date_trunc('month', r.local_day) as date), r.product_id, r.product_category, -count(*), -sum(r.quantity), -sum(r.line_total)
         from old_rows r where r.counted and r.local_day is not null group by 1, 2, 3, 4)
        union all
        (select r.branch, CAST(date_trunc('month', r.local_day) as date), r.product_id, r.product_category, count(*), sum(r.quantity), sum(r.line_total)
         from new_rows r where r.counted and r.local_day is not null group by 1, 2, 3, 4)) c (branch, month, product_id, product_category, lines, quantity, sales)
      group by 1, 2, 3, 4 having sum(lines) <> 0 or sum(quantity) <> 0 or sum(sales) <> 0;
  elsif tg_op = 'DELETE' then
    insert into {schema}.rpt_sales_product_month_pending (branch, month, product_id, product_category, lines, quantity, sales)
      select branch, month, product_id, product_category, sum(lines), sum(quantity), sum(sales) from (
        (select r.branch, CAST(date_trunc('month', r.local_day) as date), r.product_id, r.product_category, -count(*), -sum(r.quantity), -sum(r.line_total)
         from old_rows r where r.counted and r.local_day is not null group by 1, 2, 3, 4)) c (branch, month, product_id, product_category, lines, quantity, sales)
      group by 1, 2, 3, 4 having sum(lines) <> 0 or sum(quantity) <> 0 or sum(sales) <> 0;
  else
    insert into {schema}.rpt_sales_product_month_pending (branch, month, product_id, product_category, lines, quantity, sales)
      select branch, month, product_id, product_category, sum(lines), sum(quantity), sum(sales) from (
        (select r.branch, CAST(date_trunc('month', r.local_day) as date), r.product_id, r.product_category, count(*), sum(r.quantity), sum(r.line_total)
         from new_rows r where r.counted and r.local_day is not null group by 1, 2, 3, 4)) c (branch, month, product_id, product_category, lines, quantity, sales)
      group by 1, 2, 3, 4 having sum(lines) <> 0 or sum(quantity) <> 0 or sum(sales) <> 0;
  end if;
  return null;
end $fn$;

do $do$
begin
  if not exists (select from pg_trigger where tgname = 'rpt_sales_product_month_of_rpt_order_sale_line_insert' and tgrelid = '{schema}.rpt_order_sale_line'::regclass) then
    truncate {schema}.rpt_sales_product_month, {schema}.rpt_sales_product_month_pending;
    insert into {schema}.rpt_sales_product_month as d (branch, month, product_id, product_category, lines, quantity, sales)
      select r.branch, CAST(date_trunc('month', r.local_day) as date), r.product_id, r.product_category, count(*), sum(r.quantity), sum(r.line_total)
      from {schema}.rpt_order_sale_line r where r.counted and r.local_day is not null group by 1, 2, 3, 4
      on conflict (branch, month, product_id, product_category) do update set lines = d.lines + excluded.lines, quantity = d.quantity + excluded.quantity, sales = d.sales + excluded.sales;
    create trigger rpt_sales_product_month_of_rpt_order_sale_line_insert after insert on {schema}.rpt_order_sale_line referencing new table as new_rows
      for each statement execute function {schema}.rpt_sales_product_month_of_rpt_order_sale_line();
    create trigger rpt_sales_product_month_of_rpt_order_sale_line_update after update on {schema}.rpt_order_sale_line referencing old table as old_rows new table as new_rows
      for each statement execute function {schema}.rpt_sales_product_month_of_rpt_order_sale_line();
    create trigger rpt_sales_product_month_of_rpt_order_sale_line_delete after delete on {schema}.rpt_order_sale_line referencing old table as old_rows
      for each statement execute function {schema}.rpt_sales_product_month_of_rpt_order_sale_line();
    create trigger rpt_sales_product_month_of_rpt_order_sale_line_truncate after truncate on {schema}.rpt_order_sale_line
      for each statement execute function {schema}.rpt_sales_product_month_of_rpt_order_sale_line();
  end if;
end $do$;
