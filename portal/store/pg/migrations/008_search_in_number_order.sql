-- 008: search walks a landlord's complaints in number order through an index that holds the search
-- text, so the first matches of a common word are found without reading the rows (an index-only scan);
-- a rare word still goes through the trigram index. It replaces the plain (landlord, number) index.

CREATE INDEX complaints_search_order ON complaints (landlord, number) INCLUDE (id, search);
DROP INDEX complaints_by_landlord;
