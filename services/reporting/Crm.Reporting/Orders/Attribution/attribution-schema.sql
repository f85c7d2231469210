-- The rows each order's sale is read from: one per order (rpt_order_sale), per order line (rpt_order_sale_line) and
-- per payment received (rpt_order_payment), written when events are recorded (order-sale-rows.sql).
-- Run at start in one transaction, after the report documents exist; every statement may run again on a database
-- that has them, which is how columns and indexes added since reach an existing deployment.

create table if not exists {schema}.rpt_order_sale (
  order_id uuid primary key,
  signed_customer_id uuid,
  customer_id uuid,
  category text not null default '',
  branch text not null default '',
  signed_owner_id uuid,
  owner_id uuid,
  signed_at timestamptz,
  due_at timestamptz,
  total numeric not null default 0,
  collected numeric not null default 0,
  outstanding numeric not null default 0,
  counted boolean not null default false);
create index if not exists rpt_order_sale_signed_customer on {schema}.rpt_order_sale (signed_customer_id);
create index if not exists rpt_order_sale_customer on {schema}.rpt_order_sale (customer_id) where counted;

create table if not exists {schema}.rpt_order_sale_line (
  order_id uuid not null,
  line int not null,
  product_id uuid not null,
  branch text not null default '',
  signed_owner_id uuid,
  signed_at timestamptz,
  counted boolean not null default false,
  product_code text not null default '',
  product_name text not null default '',
  product_category text not null default '',
  quantity numeric not null default 0,
  line_total numeric not null default 0,
  primary key (order_id, line));

-- What was owed at a past month's end: signed, not yet cancelled, not yet paid in full. open_until is the
-- first of the cancellation and the time the payments (less reversed ones) reached the total; 'infinity' while open.
alter table {schema}.rpt_order_sale add column if not exists is_signed boolean not null default false;
alter table {schema}.rpt_order_sale add column if not exists cancelled_at timestamptz;
alter table {schema}.rpt_order_sale add column if not exists open_until timestamptz;
-- Read by nothing since the month ends read the owed changes per day: the signing-time indexes (the reports
-- read local days) and when the last payment came in.
drop index if exists {schema}.rpt_order_sale_signed_at;
drop index if exists {schema}.rpt_order_sale_line_signed_at;
alter table {schema}.rpt_order_sale drop column if exists last_paid_at;
-- A branch's signed orders by time, with what the monthly report reads of them (an index-only range per month).
create index if not exists rpt_order_sale_branch_signed on {schema}.rpt_order_sale (branch, signed_at) include (total, counted, cancelled_at) where is_signed;
drop index if exists {schema}.rpt_order_sale_branch;
-- What was owed at a month's end is read from the owed changes per day (rpt_owed_day), not the open spans.
drop index if exists {schema}.rpt_order_sale_open;

create table if not exists {schema}.rpt_order_payment (
  order_id uuid not null,
  payment_id uuid not null,
  branch text not null default '',
  received_at timestamptz not null,
  amount numeric not null default 0,
  primary key (order_id, payment_id));
create index if not exists rpt_order_payment_received on {schema}.rpt_order_payment (branch, received_at) include (amount);
create index if not exists rpt_order_payment_order on {schema}.rpt_order_payment (order_id, received_at) include (amount);
-- Reversed payments are kept with their reversal time: paid until then (before, a reversal took the payment out of every month).
alter table {schema}.rpt_order_payment add column if not exists reversed_at timestamptz;
create index if not exists rpt_order_payment_reversed on {schema}.rpt_order_payment (branch, reversed_at) include (amount) where reversed_at is not null;

-- The local day of signing in the order's branch (BranchCalendar), kept with the row so that reports filter
-- and group by an indexed column; re-computed when the branch's time zone becomes known (BranchOpened).
alter table {schema}.rpt_order_sale add column if not exists local_day date;
alter table {schema}.rpt_order_sale_line add column if not exists local_day date;
-- Rows still without their day (recorded before the column, or by an older process during an upgrade) are filled at
-- start-up; the partial indexes hold only those, so that a start on a filled database finds none without a scan.
create index if not exists rpt_order_sale_day_missing on {schema}.rpt_order_sale (order_id) where local_day is null and signed_at is not null;
create index if not exists rpt_order_sale_line_day_missing on {schema}.rpt_order_sale_line (order_id) where local_day is null and signed_at is not null;
-- A branch's zone is that of its latest branch-opened, Asia/Shanghai until one is heard of (BranchCalendar.ZoneSql).
update {schema}.rpt_order_sale f set local_day = CAST((f.signed_at) at time zone coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
          order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as date)
where f.local_day is null and f.signed_at is not null;
update {schema}.rpt_order_sale_line f set local_day = CAST((f.signed_at) at time zone coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
          order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as date)
where f.local_day is null and f.signed_at is not null;
create index if not exists rpt_order_sale_local_day on {schema}.rpt_order_sale (local_day) include (branch, customer_id, category, total) where counted;
create index if not exists rpt_order_sale_owner_day on {schema}.rpt_order_sale (signed_owner_id, local_day) where counted;
create index if not exists rpt_order_sale_line_local_day on {schema}.rpt_order_sale_line (local_day) include (branch, product_id, quantity, line_total) where counted;
create index if not exists rpt_order_sale_line_owner_day on {schema}.rpt_order_sale_line (signed_owner_id, local_day) where counted;
-- One product's lines by day, the latest first (its name as on its latest order in a period).
create index if not exists rpt_order_sale_line_product_day on {schema}.rpt_order_sale_line (product_id, local_day, signed_at) where counted;
drop index if exists {schema}.rpt_order_sale_line_product;

-- The local days from which an order or payment counts as owed and overdue (owed-days.sql), read by the owed sums.
alter table {schema}.rpt_order_sale add column if not exists owed_from date, add column if not exists owed_until date,
  add column if not exists overdue_from date, add column if not exists overdue_until date;
alter table {schema}.rpt_order_payment add column if not exists owed_from date, add column if not exists owed_until date,
  add column if not exists overdue_from date, add column if not exists overdue_until date;
-- The same for the owed days (partial indexes of the rows without them).
create index if not exists rpt_order_sale_owed_missing on {schema}.rpt_order_sale (order_id) where owed_from is null and is_signed and signed_at is not null;
create index if not exists rpt_order_payment_owed_missing on {schema}.rpt_order_payment (order_id) where owed_from is null;
