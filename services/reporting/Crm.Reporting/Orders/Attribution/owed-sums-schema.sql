-- What was owed, and owed past its due time, as changes per branch and local day (rpt_owed_day: outstanding,
-- overdue): summed over the days before a day, what was owed when that day began. Kept as the sales sums are
-- (sales-sums-schema.sql: statement triggers appending to rpt_owed_day_pending, merged by sums-merge.sql), from two
-- sources, each row spread over the days it holds (owed-days.sql); a change on no day ('infinity': still open) never counts.
--   an order (rpt_order_sale): + its total from its signing day until the day it closed (cancelled or paid in full),
--     overdue the same from its due time on;
--   a payment (rpt_order_payment): - its amount from the day it came in until its order closed or it was reversed.

create table if not exists {schema}.rpt_owed_day (
  branch text not null, local_day date not null,
  outstanding numeric not null default 0, overdue numeric not null default 0,
  primary key (branch, local_day));
create table if not exists {schema}.rpt_owed_day_pending (like {schema}.rpt_owed_day);
-- Group-wide periods, across the branches that lead the key.
create index if not exists rpt_owed_day_period on {schema}.rpt_owed_day (local_day);

create or replace function {schema}.rpt_owed_day_of_rpt_order_sale() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'TRUNCATE' then
    truncate {schema}.rpt_owed_day, {schema}.rpt_owed_day_pending;
    return null;
  end if;
  if tg_op = 'UPDATE' then
    insert into {schema}.rpt_owed_day_pending (branch, local_day, outstanding, overdue)
      select branch, local_day, sum(outstanding), sum(overdue) from (
        (select r.branch, v.day, -sum(v.outstanding), -sum(v.overdue)
         from old_rows r cross join lateral (values (r.owed_from, r.total, 0), (r.owed_until, -r.total, 0), (r.overdue_from, 0, r.total), (r.overdue_until, 0, -r.total)) v(day, outstanding, overdue)
         where v.day is not null and v.day < 'infinity' group by 1, 2)
        union all
        (select r.branch, v.day, sum(v.outstanding), sum(v.overdue)
         from new_rows r cross join lateral (values (r.owed_from, r.total, 0), (r.owed_until, -r.total, 0), (r.overdue_from, 0, r.total), (r.overdue_until, 0, -r.total)) v(day, outstanding, overdue)
         where v.day is not null and v.day < 'infinity' group by 1, 2)) c (branch, local_day, outstanding, overdue)
      group by 1, 2 having sum(outstanding) <> 0 or sum(overdue) <> 0;
  elsif tg_op = 'DELETE' then
    insert into {schema}.rpt_owed_day_pending (branch, local_day, outstanding, overdue)
      select branch, local_day, sum(outstanding), sum(overdue) from (
        (select r.branch, v.day, -sum(v.outstanding), -sum(v.overdue)
         from old_rows r cross join lateral (values (r.owed_from, r.total, 0), (r.owed_until, -r.total, 0), (r.overdue_from, 0, r.total), (r.overdue_until, 0, -r.total)) v(day, outstanding, overdue)
         where v.day is not null and v.day < 'infinity' group by 1, 2)) c (branch, local_day, outstanding, overdue)
      group by 1, 2 having sum(outstanding) <> 0 or sum(overdue) <> 0;
  else
    insert into {schema}.rpt_owed_day_pending (branch, local_day, outstanding, overdue)
      select branch, local_day, sum(outstanding), sum(overdue) from (
        (select r.branch, v.day, sum(v.outstanding), sum(v.overdue)
         from new_rows r cross join lateral (values (r.owed_from, r.total, 0), (r.owed_until, -r.total, 0), (r.overdue_from, 0, r.total), (r.overdue_until, 0, -r.total)) v(day, outstanding, overdue)
         where v.day is not null and v.day < 'infinity' group by 1, 2)) c (branch, local_day, outstanding, overdue)
      group by 1, 2 having sum(outstanding) <> 0 or sum(overdue) <> 0;
  end if;
  return null;
end $fn$;

do $do$
begin
  if not exists (select from pg_trigger where tgname = 'rpt_owed_day_of_rpt_order_sale_insert' and tgrelid = '{schema}.rpt_order_sale'::regclass) then
    truncate {schema}.rpt_owed_day, {schema}.rpt_owed_day_pending;
    insert into {schema}.rpt_owed_day as d (branch, local_day, outstanding, overdue)
      select r.branch, v.day, sum(v.outstanding), sum(v.overdue)
      from {schema}.rpt_order_sale r cross join lateral (values (r.owed_from, r.total, 0), (r.owed_until, -r.total, 0), (r.overdue_from, 0, r.total), (r.overdue_until, 0, -r.total)) v(day, outstanding, overdue)
      where v.day is not null and v.day < 'infinity' group by 1, 2
      on conflict (branch, local_day) do update set outstanding = d.outstanding + excluded.outstanding, overdue = d.overdue + excluded.overdue;
    create trigger rpt_owed_day_of_rpt_order_sale_insert after insert on {schema}.rpt_order_sale referencing new table as new_rows
      for each statement execute function {schema}.rpt_owed_day_of_rpt_order_sale();
    create trigger rpt_owed_day_of_rpt_order_sale_update after update on {schema}.rpt_order_sale referencing old table as old_rows new table as new_rows
      for each statement execute function {schema}.rpt_owed_day_of_rpt_order_sale();
    create trigger rpt_owed_day_of_rpt_order_sale_delete after delete on {schema}.rpt_order_sale referencing old table as old_rows
      for each statement execute function {schema}.rpt_owed_day_of_rpt_order_sale();
    create trigger rpt_owed_day_of_rpt_order_sale_truncate after truncate on {schema}.rpt_order_sale
      for each statement execute function {schema}.rpt_owed_day_of_rpt_order_sale();
  end if;
end $do$;

create or replace function {schema}.rpt_owed_day_of_rpt_order_payment() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'TRUNCATE' then
    truncate {schema}.rpt_owed_day, {schema}.rpt_owed_day_pending;
    return null;
  end if;
  if tg_op = 'UPDATE' then
    insert into {schema}.rpt_owed_day_pending (branch, local_day, outstanding, overdue)
      select branch, local_day, sum(outstanding), sum(overdue) from (
        (select r.branch, v.day, -sum(v.outstanding), -sum(v.overdue)
         from old_rows r cross join lateral (values (r.owed_from, -r.amount, 0), (r.owed_until, r.amount, 0), (r.overdue_from, 0, -r.amount), (r.overdue_until, 0, r.amount)) v(day, outstanding, overdue)
         where v.day is not null and v.day < 'infinity' group by 1, 2)
        union all
        (select r.branch, v.day, sum(v.outstanding), sum(v.overdue)
         from new_rows r cross join lateral (values (r.owed_from, -r.amount, 0), (r.owed_until, r.amount, 0), (r.overdue_from, 0, -r.amount), (r.overdue_until, 0, r.amount)) v(day, outstanding, overdue)
         where v.day is not null and v.day < 'infinity' group by 1, 2)) c (branch, local_day, outstanding, overdue)
      group by 1, 2 having sum(outstanding) <> 0 or sum(overdue) <> 0;
  elsif tg_op = 'DELETE' then
    insert into {schema}.rpt_owed_day_pending (branch, local_day, outstanding, overdue)
      select branch, local_day, sum(outstanding), sum(overdue) from (
        (select r.branch, v.day, -sum(v.outstanding), -sum(v.overdue)
         from old_rows r cross join lateral (values (r.owed_from, -r.amount, 0), (r.owed_until, r.amount, 0), (r.overdue_from, 0, -r.amount), (r.overdue_until, 0, r.amount)) v(day, outstanding, overdue)
         where v.day is not null and v.day < 'infinity' group by 1, 2)) c (branch, local_day, outstanding, overdue)
      group by 1, 2 having sum(outstanding) <> 0 or sum(overdue) <> 0;
  else
    insert into {schema}.rpt_owed_day_pending (branch, local_day, outstanding, overdue)
      select branch, local_day, sum(outstanding), sum(overdue) from (
        (select r.branch, v.day, sum(v.outstanding), sum(v.overdue)
         from new_rows r cross join lateral (values (r.owed_from, -r.amount, 0), (r.owed_until, r.amount, 0), (r.overdue_from, 0, -r.amount), (r.overdue_until, 0, r.amount)) v(day, outstanding, overdue)
         where v.day is not null and v.day < 'infinity' group by 1, 2)) c (branch, local_day, outstanding, overdue)
      group by 1, 2 having sum(outstanding) <> 0 or sum(overdue) <> 0;
  end if;
  return null;
end $fn$;

-- The payments share the sums with the orders: their fill adds to what the orders' left, without emptying it first.
do $do$
begin
  if not exists (select from pg_trigger where tgname = 'rpt_owed_day_of_rpt_order_payment_insert' and tgrelid = '{schema}.rpt_order_payment'::regclass) then
    insert into {schema}.rpt_owed_day as d (branch, local_day, outstanding, overdue)
      select r.branch, v.day, sum(v.outstanding), sum(v.overdue)
      from {schema}.rpt_order_payment r cross join lateral (values (r.owed_from, -r.amount, 0), (r.owed_until, r.amount, 0), (r.overdue_from, 0, -r.amount), (r.overdue_until, 0, r.amount)) v(day, outstanding, overdue)
      where v.day is not null and v.day < 'infinity' group by 1, 2
      on conflict (branch, local_day) do update set outstanding = d.outstanding + excluded.outstanding, overdue = d.overdue + excluded.overdue;
    create trigger rpt_owed_day_of_rpt_order_payment_insert after insert on {schema}.rpt_order_payment referencing new table as new_rows
      for each statement execute function {schema}.rpt_owed_day_of_rpt_order_payment();
    create trigger rpt_owed_day_of_rpt_order_payment_update after update on {schema}.rpt_order_payment referencing old table as old_rows new table as new_rows
      for each statement execute function {schema}.rpt_owed_day_of_rpt_order_payment();
    create trigger rpt_owed_day_of_rpt_order_payment_delete after delete on {schema}.rpt_order_payment referencing old table as old_rows
      for each statement execute function {schema}.rpt_owed_day_of_rpt_order_payment();
    create trigger rpt_owed_day_of_rpt_order_payment_truncate after truncate on {schema}.rpt_order_payment
      for each statement execute function {schema}.rpt_owed_day_of_rpt_order_payment();
  end if;
end $do$;
