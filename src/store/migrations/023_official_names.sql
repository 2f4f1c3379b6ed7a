-- An official who registered by invite gave no name of their own (the platform's display name, if any, is a
-- guess): the assistant asks for it, and the answer is recorded here. Officials added by an administrator have one.
ALTER TABLE officials ADD COLUMN name_confirmed boolean NOT NULL DEFAULT true;
