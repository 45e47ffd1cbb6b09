-- 部门负责人: a role bound to departments, like a reviewer.
ALTER TABLE staff_accounts DROP CONSTRAINT staff_accounts_role_check;
ALTER TABLE staff_accounts ADD CONSTRAINT staff_accounts_role_check
    CHECK (role IN ('front_desk', 'reviewer', 'issuing', 'supervisor', 'department_head', 'administrator'));
