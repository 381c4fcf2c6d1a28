-- Weekly card reviews travel as records of the kind 'review'. A review has
-- its account_id, so the policies' rule for the rows under an account
-- (visible when the account is; written only under an account one sees)
-- and touch_account already serve it: only the kind's CHECK changes.
-- PostgreSQL names a column's CHECK <table>_<column>_check.
ALTER TABLE keycard.records DROP CONSTRAINT IF EXISTS records_kind_check;
ALTER TABLE keycard.records ADD CONSTRAINT records_kind_check
  CHECK (kind IN ('account', 'contact', 'link', 'layout', 'plan', 'visit', 'warning', 'handover', 'review'));
