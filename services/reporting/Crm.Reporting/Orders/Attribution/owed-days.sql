-- The owed days of the rows already written, from their columns: filled at start for rows recorded before the
-- columns ({orders}: f.owed_from is null, {payments}: y.owed_from is null) and worked out again when a branch's time
-- zone becomes known ({orders} and {payments}: f.branch = any(?), the branch codes).
--
-- A signed order (f) counts as owed from the local day of its signing (owed_from) until that of the time it closed
-- (owed_until: open_until, 'infinity' while open), and as overdue from its due day (overdue_from) until it closed
-- (overdue_until). A payment (y) takes its amount off from the day it came in (not before its order's signing) until
-- its order closed or it was reversed, whichever came first. Days are the order's branch's (BranchCalendar.ZoneSql):
-- a month ending before day D closed owing the changes of the days before D, the instants before D's midnight.
-- order-sale-rows.sql works out the same days as it writes a row.

-- name: order-owed-days
update {schema}.rpt_order_sale f set (owed_from, owed_until, overdue_from, overdue_until) =
  (select case when f.is_signed and f.signed_at is not null then CAST((f.signed_at) at time zone z.zone as date) end,
          case when f.is_signed and f.signed_at is not null then CAST((greatest(f.signed_at, f.open_until)) at time zone z.zone as date) end,
          case when f.is_signed and f.signed_at is not null and f.due_at is not null then CAST((greatest(f.signed_at, f.due_at)) at time zone z.zone as date) end,
          case when f.is_signed and f.signed_at is not null and f.due_at is not null then CAST((greatest(f.signed_at, f.due_at, f.open_until)) at time zone z.zone as date) end
   from (select coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
                          order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as zone) z)
where f.is_signed and f.signed_at is not null and ({orders});

-- name: payment-owed-days
update {schema}.rpt_order_payment y set (owed_from, owed_until, overdue_from, overdue_until) =
  (select case when f.is_signed and f.signed_at is not null then CAST((greatest(y.received_at, f.signed_at)) at time zone z.zone as date) end,
          case when f.is_signed and f.signed_at is not null then CAST((greatest(greatest(y.received_at, f.signed_at), least(f.open_until, coalesce(y.reversed_at, 'infinity')))) at time zone z.zone as date) end,
          case when f.is_signed and f.signed_at is not null and f.due_at is not null then CAST((greatest(greatest(y.received_at, f.signed_at), f.due_at)) at time zone z.zone as date) end,
          case when f.is_signed and f.signed_at is not null and f.due_at is not null then CAST((greatest(greatest(y.received_at, f.signed_at), f.due_at, least(f.open_until, coalesce(y.reversed_at, 'infinity')))) at time zone z.zone as date) end
   from (select coalesce((select z.data ->> 'timeZone' from {schema}.mt_doc_reportbranch z where z.data ->> 'code' = f.branch
                          order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), 'Asia/Shanghai') as zone) z)
from {schema}.rpt_order_sale f where f.order_id = y.order_id and f.is_signed and f.signed_at is not null and ({payments});
