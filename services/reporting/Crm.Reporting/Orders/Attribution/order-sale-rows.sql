-- The rows of the orders' sales (rpt_order_sale), lines (rpt_order_sale_line) and payments (rpt_order_payment),
-- written from the order documents (o, mt_doc_reportorder) matching {which}: those a recording touched, or all
-- of them in a rebuild (after a truncate). Only what changed is written: an unchanged row is neither deleted nor
-- written again, so the sums' triggers and the indexes see only real changes (a payment leaves its order's lines alone).
--   {resolved}  the order documents o with the customer each counts for (cu.customer_id) and the category it counts
--               in (ca.category): OrderSales.ResolvedFromAsync, or ResolvedAllFromAsync for every order at once
--   {which}     the condition on o
--   {orders}    a query of the ids of the orders re-resolved (their lines and payments gone are deleted)
-- Local days are the order's branch's: the zone of its latest branch-opened, Asia/Shanghai until one is heard of
-- (BranchCalendar.ZoneSql). The owed days are those of owed-days.sql.

-- name: order-sales
insert into {schema}.rpt_order_sale as t (order_id, signed_customer_id, customer_id, category, branch, signed_owner_id, owner_id,
                                          signed_at, due_at, total, collected, outstanding, counted, is_signed, cancelled_at, open_until, local_day,
                                          owed_from, owed_until, overdue_from, overdue_until)
select o.id, CAST(o.data ->> 'customerId' as uuid), cu.customer_id, ca.category, coalesce(o.data ->> 'branch', ''),
       CAST(coalesce(o.data ->> 'signedOwnerId', o.data ->> 'ownerId') as uuid), CAST(o.data ->> 'ownerId' as uuid),
       CAST(o.data ->> 'signedAt' as timestamptz), CAST(o.data ->> 'dueAt' as timestamptz),
       coalesce(CAST(o.data ->> 'total' as numeric), 0), coalesce(CAST(o.data ->> 'collected' as numeric), 0),
       coalesce(CAST(o.data ->> 'outstanding' as numeric), 0), coalesce(CAST(o.data ->> 'counted' as boolean), false),
       k.is_signed, cl.cancelled_at, k.open_until, CAST((k.signed_at) at time zone k.zone as date),
       case when k.is_signed and k.signed_at is not null then CAST((k.signed_at) at time zone k.zone as date) end,
       case when k.is_signed and k.signed_at is not null then CAST((greatest(k.signed_at, k.open_until)) at time zone k.zone as date) end,
       case when k.is_signed and k.signed_at is not null and k.due_at is not null then CAST((greatest(k.signed_at, k.due_at)) at time zone k.zone as date) end,
       case when k.is_signed and k.signed_at is not null and k.due_at is not null then CAST((greatest(k.signed_at, k.due_at, k.open_until)) at time zone k.zone as date) end
from {resolved}
cross join lateral (
  select case when o.data ->> 'cancelled' = 'true' then coalesce(CAST(o.data ->> 'cancelledAt' as timestamptz), '-infinity') end as cancelled_at,
         -- Paid in full for good: the first payment or reversal (in time order) from which on what was paid
         -- never fell short of the total again, none while it is short now. A reversal can re-open an order
         -- that was paid in full, and its payments count until they were reversed (pa, as in order-payments).
         (select min(s.at) from (
            select r.at, r.n, r.paid, max(case when r.paid < k0.total then r.n end) over () as last_short from (
              select e.at, row_number() over paid as n, sum(e.amount) over paid as paid
              from (select pa.payment_id, c.at, c.kind, c.amount from (select 1) one
                    cross join lateral jsonb_array_elements(coalesce(o.data -> 'payments', '[]')) x
                    cross join lateral (
                      select CAST(x ->> 'paymentId' as uuid) as payment_id, CAST(x ->> 'receivedAt' as timestamptz) as received_at,
                             coalesce(CAST(x ->> 'amount' as numeric), 0) as amount,
                             case when jsonb_exists(coalesce(o.data -> 'reversedPayments', '[]'), x ->> 'paymentId') then greatest(
                               CAST(x ->> 'receivedAt' as timestamptz),
                               coalesce((select min(CAST(v ->> 'reversedAt' as timestamptz)) from jsonb_array_elements(coalesce(o.data -> 'reversals', '[]')) v
                                         where v ->> 'paymentId' = x ->> 'paymentId'), CAST(x ->> 'receivedAt' as timestamptz))) end as reversed_at
                      where x ->> 'receivedAt' is not null) pa
                    cross join lateral (values (pa.received_at, 0, pa.amount), (pa.reversed_at, 1, -pa.amount)) c(at, kind, amount)
                    where c.at is not null) e
              window paid as (order by e.at, e.kind, e.payment_id rows between unbounded preceding and current row)) r) s
          where s.paid >= k0.total and s.n > coalesce(s.last_short, 0)) as settled_at
  from (select coalesce(CAST(o.data ->> 'total' as numeric), 0) as total) k0) cl
cross join lateral (
  select coalesce(least(cl.cancelled_at, cl.settled_at), 'infinity') as open_until, CAST(o.data ->> 'signedAt' as timestamptz) as signed_at,
         CAST(o.data ->> 'dueAt' as timestamptz) as due_at, coalesce(CAST(o.data ->> 'isSigned' as boolean), false) as is_signed,
         coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = coalesce(o.data ->> 'branch', '')
                   order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as zone) k
where {which}
on conflict (order_id) do update set
  signed_customer_id = excluded.signed_customer_id, customer_id = excluded.customer_id, category = excluded.category, branch = excluded.branch,
  signed_owner_id = excluded.signed_owner_id, owner_id = excluded.owner_id, signed_at = excluded.signed_at, due_at = excluded.due_at,
  total = excluded.total, collected = excluded.collected, outstanding = excluded.outstanding, counted = excluded.counted,
  is_signed = excluded.is_signed, cancelled_at = excluded.cancelled_at, open_until = excluded.open_until, local_day = excluded.local_day,
  owed_from = excluded.owed_from, owed_until = excluded.owed_until, overdue_from = excluded.overdue_from, overdue_until = excluded.overdue_until
where (t.signed_customer_id, t.customer_id, t.category, t.branch, t.signed_owner_id, t.owner_id, t.signed_at, t.due_at,
       t.total, t.collected, t.outstanding, t.counted, t.is_signed, t.cancelled_at, t.open_until, t.local_day,
       t.owed_from, t.owed_until, t.overdue_from, t.overdue_until)
  is distinct from (excluded.signed_customer_id, excluded.customer_id, excluded.category, excluded.branch, excluded.signed_owner_id, excluded.owner_id, excluded.signed_at, excluded.due_at,
                    excluded.total, excluded.collected, excluded.outstanding, excluded.counted, excluded.is_signed, excluded.cancelled_at, excluded.open_until, excluded.local_day,
                    excluded.owed_from, excluded.owed_until, excluded.overdue_from, excluded.overdue_until);

-- name: dropped-lines
delete from {schema}.rpt_order_sale_line d where d.order_id in ({orders})
  and d.line > coalesce((select jsonb_array_length(o.data -> 'lines') from {schema}.mt_doc_reportorder o where o.tenant_id = '*DEFAULT*' and o.id = d.order_id), 0);

-- name: order-sale-lines
insert into {schema}.rpt_order_sale_line as t (order_id, line, product_id, branch, signed_owner_id, signed_at, counted,
                                               product_code, product_name, product_category, quantity, line_total, local_day)
select o.id, CAST(l.n as int), CAST(l.v ->> 'productId' as uuid), coalesce(o.data ->> 'branch', ''),
       CAST(coalesce(o.data ->> 'signedOwnerId', o.data ->> 'ownerId') as uuid), CAST(o.data ->> 'signedAt' as timestamptz),
       coalesce(CAST(o.data ->> 'counted' as boolean), false),
       coalesce(l.v ->> 'productCode', ''), coalesce(l.v ->> 'productName', ''),
       coalesce(l.v ->> 'productCategory', ''), coalesce(CAST(l.v ->> 'quantity' as numeric), 0), coalesce(CAST(l.v ->> 'lineTotal' as numeric), 0),
       CAST((CAST(o.data ->> 'signedAt' as timestamptz)) at time zone
              coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = coalesce(o.data ->> 'branch', '')
                        order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as date)
from {schema}.mt_doc_reportorder o cross join lateral jsonb_array_elements(o.data -> 'lines') with ordinality l(v, n)
where {which}
on conflict (order_id, line) do update set
  product_id = excluded.product_id, branch = excluded.branch, signed_owner_id = excluded.signed_owner_id, signed_at = excluded.signed_at,
  counted = excluded.counted, product_code = excluded.product_code, product_name = excluded.product_name,
  product_category = excluded.product_category, quantity = excluded.quantity, line_total = excluded.line_total, local_day = excluded.local_day
where (t.product_id, t.branch, t.signed_owner_id, t.signed_at, t.counted, t.product_code, t.product_name, t.product_category, t.quantity, t.line_total, t.local_day)
  is distinct from (excluded.product_id, excluded.branch, excluded.signed_owner_id, excluded.signed_at, excluded.counted, excluded.product_code,
                    excluded.product_name, excluded.product_category, excluded.quantity, excluded.line_total, excluded.local_day);

-- name: dropped-payments
delete from {schema}.rpt_order_payment d where d.order_id in ({orders})
  and not exists (select 1 from {schema}.mt_doc_reportorder o cross join lateral jsonb_array_elements(coalesce(o.data -> 'payments', '[]')) x
                  where o.tenant_id = '*DEFAULT*' and o.id = d.order_id and x ->> 'receivedAt' is not null and x ->> 'paymentId' = CAST(d.payment_id as text));

-- name: order-payments
-- The payments received on an order (pa), reversed ones with their reversal time, never before their receipt; one
-- folded before reporting kept reversal times (ReportOrder.Reversals) counts as reversed when it was received, that
-- is never paid, as it did then. Their owed days follow their order's row (f), written by the statement before.
insert into {schema}.rpt_order_payment as t (order_id, payment_id, branch, received_at, amount, reversed_at, owed_from, owed_until, overdue_from, overdue_until)
select o.id, pa.payment_id, coalesce(o.data ->> 'branch', ''), pa.received_at, pa.amount, pa.reversed_at,
       case when f.is_signed and f.signed_at is not null then CAST((greatest(pa.received_at, f.signed_at)) at time zone z.zone as date) end,
       case when f.is_signed and f.signed_at is not null then CAST((greatest(greatest(pa.received_at, f.signed_at), least(f.open_until, coalesce(pa.reversed_at, 'infinity')))) at time zone z.zone as date) end,
       case when f.is_signed and f.signed_at is not null and f.due_at is not null then CAST((greatest(greatest(pa.received_at, f.signed_at), f.due_at)) at time zone z.zone as date) end,
       case when f.is_signed and f.signed_at is not null and f.due_at is not null then CAST((greatest(greatest(pa.received_at, f.signed_at), f.due_at, least(f.open_until, coalesce(pa.reversed_at, 'infinity')))) at time zone z.zone as date) end
from {schema}.mt_doc_reportorder o
cross join lateral jsonb_array_elements(coalesce(o.data -> 'payments', '[]')) x
cross join lateral (
  select CAST(x ->> 'paymentId' as uuid) as payment_id, CAST(x ->> 'receivedAt' as timestamptz) as received_at,
         coalesce(CAST(x ->> 'amount' as numeric), 0) as amount,
         case when jsonb_exists(coalesce(o.data -> 'reversedPayments', '[]'), x ->> 'paymentId') then greatest(
           CAST(x ->> 'receivedAt' as timestamptz),
           coalesce((select min(CAST(v ->> 'reversedAt' as timestamptz)) from jsonb_array_elements(coalesce(o.data -> 'reversals', '[]')) v
                     where v ->> 'paymentId' = x ->> 'paymentId'), CAST(x ->> 'receivedAt' as timestamptz))) end as reversed_at
  where x ->> 'receivedAt' is not null) pa
join {schema}.rpt_order_sale f on f.order_id = o.id
cross join lateral (select coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
                                     order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as zone) z
where {which}
on conflict (order_id, payment_id) do update set
  branch = excluded.branch, received_at = excluded.received_at, amount = excluded.amount, reversed_at = excluded.reversed_at,
  owed_from = excluded.owed_from, owed_until = excluded.owed_until, overdue_from = excluded.overdue_from, overdue_until = excluded.overdue_until
where (t.branch, t.received_at, t.amount, t.reversed_at, t.owed_from, t.owed_until, t.overdue_from, t.overdue_until)
  is distinct from (excluded.branch, excluded.received_at, excluded.amount, excluded.reversed_at,
                    excluded.owed_from, excluded.owed_until, excluded.overdue_from, excluded.overdue_until);
