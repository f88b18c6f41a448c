-- A kursrom database at schema version 1 (before the undo journal), made by the kursrom of
-- commit 2cc897f: the demo round, session 1 started at 10:00 Oslo time on 23 November 2026, two
-- people marked (one corrected to absent), and "next" pressed after 12 minutes. The agenda's
-- exercise texts are left out to keep the file small. The test loads it, sets the pragmas
-- (application_id, user_version = 1) and opens it with today's kursrom, which migrates it.
BEGIN TRANSACTION;
CREATE TABLE agenda_item (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	exercise_id VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	prompt VARCHAR NOT NULL, 
	instructions VARCHAR NOT NULL, 
	planned_minutes INTEGER NOT NULL, 
	exercise JSON NOT NULL, 
	origin VARCHAR NOT NULL, 
	template_position INTEGER, 
	skipped BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE
);
INSERT INTO "agenda_item" VALUES(1,1,0,'velkommen','reflection','Velkommen og bli kjent','','',15,'{}','template',0,0);
INSERT INTO "agenda_item" VALUES(2,1,1,'grupperegler','group_rules','Grupperegler','','',10,'{}','template',1,0);
INSERT INTO "agenda_item" VALUES(3,1,2,'dyreovelsen','animal','Dyreøvelsen','','',15,'{}','template',2,0);
INSERT INTO "agenda_item" VALUES(4,1,3,'pause','break','Pause','','',10,'{}','template',3,0);
INSERT INTO "agenda_item" VALUES(5,1,4,'egenskaper-og-yrker','reflection','Egenskaper og yrker','','',10,'{}','template',4,0);
INSERT INTO "agenda_item" VALUES(6,1,5,'hva-nav-kan-tilby','talk','Hva kan NAV tilby?','','',10,'{}','template',5,0);
INSERT INTO "agenda_item" VALUES(7,1,6,'sot-modellen','sot','SØT-modellen','','',30,'{}','template',6,0);
INSERT INTO "agenda_item" VALUES(8,1,7,'evaluering-1-5','evaluation','Evaluering','','',10,'{}','template',7,0);
INSERT INTO "agenda_item" VALUES(9,2,0,'innsjekk','reflection','Innsjekk','','',10,'{}','template',0,0);
INSERT INTO "agenda_item" VALUES(10,2,1,'kompetanse-tidslinje','timeline','Kompetansetidslinje','','',20,'{}','template',1,0);
INSERT INTO "agenda_item" VALUES(11,2,2,'karrierefortelling','career_story','Karrierefortellingen','','',25,'{}','template',2,0);
INSERT INTO "agenda_item" VALUES(12,2,3,'pause','break','Pause','','',10,'{}','template',3,0);
INSERT INTO "agenda_item" VALUES(13,2,4,'cv-verksted','reflection','CV-verksted','','',30,'{}','template',4,0);
INSERT INTO "agenda_item" VALUES(14,2,5,'hjemmelekse','homework','Hjemmelekse','','',5,'{}','template',5,0);
INSERT INTO "agenda_item" VALUES(15,2,6,'evaluering-1-5','evaluation','Evaluering','','',10,'{}','template',6,0);
INSERT INTO "agenda_item" VALUES(16,3,0,'innsjekk','reflection','Innsjekk','','',10,'{}','template',0,0);
INSERT INTO "agenda_item" VALUES(17,3,1,'mal-og-verdier','reflection','Mål og verdier','','',20,'{}','template',1,0);
INSERT INTO "agenda_item" VALUES(18,3,2,'sot-modellen','sot','SØT-modellen – tilbake til arket','','',30,'{}','template',2,0);
INSERT INTO "agenda_item" VALUES(19,3,3,'pause','break','Pause','','',10,'{}','template',3,0);
INSERT INTO "agenda_item" VALUES(20,3,4,'soknadsbrev','reflection','Søknadsbrevet','','',25,'{}','template',4,0);
INSERT INTO "agenda_item" VALUES(21,3,5,'hjemmelekse','homework','Hjemmelekse','','',5,'{}','template',5,0);
INSERT INTO "agenda_item" VALUES(22,3,6,'evaluering-1-5','evaluation','Evaluering','','',10,'{}','template',6,0);
INSERT INTO "agenda_item" VALUES(23,4,0,'innsjekk','reflection','Innsjekk','','',10,'{}','template',0,0);
INSERT INTO "agenda_item" VALUES(24,4,1,'stillingsannonse','job_ad','Les en stillingsannonse','','',15,'{}','template',1,0);
INSERT INTO "agenda_item" VALUES(25,4,2,'intervjutrening','role_play','Intervjutrening','','',40,'{}','template',2,0);
INSERT INTO "agenda_item" VALUES(26,4,3,'pause','break','Pause','','',10,'{}','template',3,0);
INSERT INTO "agenda_item" VALUES(27,4,4,'arbeidsgivers-perspektiv','talk','Arbeidsgiverens blikk','','',25,'{}','template',4,0);
INSERT INTO "agenda_item" VALUES(28,4,5,'evaluering-1-5','evaluation','Evaluering','','',10,'{}','template',5,0);
INSERT INTO "agenda_item" VALUES(29,5,0,'innsjekk','reflection','Innsjekk','','',10,'{}','template',0,0);
INSERT INTO "agenda_item" VALUES(30,5,1,'arbeidsmarkedet','talk','Arbeidsmarkedet nå','','',45,'{}','template',1,0);
INSERT INTO "agenda_item" VALUES(31,5,2,'pause','break','Pause','','',10,'{}','template',2,0);
INSERT INTO "agenda_item" VALUES(32,5,3,'veien-videre','reflection','Veien videre','','',25,'{}','template',3,0);
INSERT INTO "agenda_item" VALUES(33,5,4,'evaluering-1-5','evaluation','Evaluering av kurset','','',15,'{}','template',4,0);
CREATE TABLE attendance_event (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	time DATETIME, 
	reason VARCHAR NOT NULL, 
	terminal VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE
);
INSERT INTO "attendance_event" VALUES(1,1,2,'present','2026-11-23 09:00:00.000000',NULL,'','vm:31887');
INSERT INTO "attendance_event" VALUES(2,1,8,'late','2026-11-23 09:00:00.000000','2026-11-23 09:00:00.000000','','vm:31887');
INSERT INTO "attendance_event" VALUES(3,1,8,'absent','2026-11-23 09:00:00.000000',NULL,'syk','vm:31887');
CREATE TABLE course_round (
	id INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	template_id VARCHAR NOT NULL, 
	template_version INTEGER NOT NULL, 
	start_date DATE NOT NULL, 
	start_time VARCHAR NOT NULL, 
	place VARCHAR NOT NULL, 
	facilitators VARCHAR NOT NULL, 
	skip_dates JSON NOT NULL, 
	copied_from_id INTEGER, 
	created_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(copied_from_id) REFERENCES course_round (id) ON DELETE SET NULL
);
INSERT INTO "course_round" VALUES(1,'PRO – jobb- og karrierekurs for unge','pro',2,'2026-11-23','10:00','NAV Asker, kursrom 2','Kari Lunde, Ahmed Rahimi','[]',NULL,'2026-11-23 08:58:00.000000');
CREATE TABLE course_session (
	id INTEGER NOT NULL, 
	round_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	theme VARCHAR NOT NULL, 
	planned_start DATETIME, 
	planned_end DATETIME, 
	status VARCHAR NOT NULL, 
	started_at DATETIME, 
	ended_at DATETIME, 
	current_item_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE
);
INSERT INTO "course_session" VALUES(1,1,1,'Uke 1: Bli kjent','Hvem er jeg?','2026-11-23 09:00:00.000000','2026-11-23 11:00:00.000000','running','2026-11-23 09:00:00.000000',NULL,2);
INSERT INTO "course_session" VALUES(2,1,2,'Uke 2: Kompetanse og CV','Hva kan jeg?','2026-11-30 09:00:00.000000','2026-11-30 11:00:00.000000','planned',NULL,NULL,NULL);
INSERT INTO "course_session" VALUES(3,1,3,'Uke 3: Mål og søknad','Hva vil jeg?','2026-12-07 09:00:00.000000','2026-12-07 11:00:00.000000','planned',NULL,NULL,NULL);
INSERT INTO "course_session" VALUES(4,1,4,'Uke 4: Intervju og arbeidsgiver','Hva skal til?','2026-12-14 09:00:00.000000','2026-12-14 11:00:00.000000','planned',NULL,NULL,NULL);
INSERT INTO "course_session" VALUES(5,1,5,'Uke 5: Ut i arbeidslivet','Go!','2026-12-21 09:00:00.000000','2026-12-21 11:00:00.000000','planned',NULL,NULL,NULL);
CREATE TABLE enrolment (
	id INTEGER NOT NULL, 
	round_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	enrolled_at DATETIME, 
	removed_at DATETIME, 
	removed_reason VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (round_id, participant_id), 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE
);
INSERT INTO "enrolment" VALUES(1,1,1,'2026-11-23 08:58:00.000000',NULL,'');
INSERT INTO "enrolment" VALUES(2,1,2,'2026-11-23 08:58:00.000000',NULL,'');
INSERT INTO "enrolment" VALUES(3,1,3,'2026-11-23 08:58:00.000000',NULL,'');
INSERT INTO "enrolment" VALUES(4,1,4,'2026-11-23 08:58:00.000000',NULL,'');
INSERT INTO "enrolment" VALUES(5,1,5,'2026-11-23 08:58:00.000000',NULL,'');
INSERT INTO "enrolment" VALUES(6,1,6,'2026-11-23 08:58:00.000000',NULL,'');
INSERT INTO "enrolment" VALUES(7,1,7,'2026-11-23 08:58:00.000000',NULL,'');
INSERT INTO "enrolment" VALUES(8,1,8,'2026-11-23 08:58:00.000000',NULL,'');
CREATE TABLE evaluation_comment (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	text VARCHAR NOT NULL, 
	created_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE
);
CREATE TABLE evaluation_score (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	item_id INTEGER, 
	element VARCHAR NOT NULL, 
	scale_min INTEGER NOT NULL, 
	scale_max INTEGER NOT NULL, 
	score INTEGER NOT NULL, 
	count INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE, 
	FOREIGN KEY(item_id) REFERENCES agenda_item (id) ON DELETE SET NULL
);
CREATE TABLE exercise_result (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	participant_id INTEGER, 
	kind VARCHAR NOT NULL, 
	data JSON NOT NULL, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(item_id) REFERENCES agenda_item (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE
);
CREATE TABLE export_record (
	id INTEGER NOT NULL, 
	session_id INTEGER, 
	round_id INTEGER, 
	path VARCHAR NOT NULL, 
	format VARCHAR NOT NULL, 
	anonymized BOOLEAN NOT NULL, 
	at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE, 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE
);
CREATE TABLE follow_up (
	id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	round_id INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	"on" DATE NOT NULL, 
	note VARCHAR NOT NULL, 
	recorded_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE, 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE
);
CREATE TABLE note (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	item_id INTEGER, 
	text VARCHAR NOT NULL, 
	follow_up BOOLEAN NOT NULL, 
	quote BOOLEAN NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	terminal VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE, 
	FOREIGN KEY(item_id) REFERENCES agenda_item (id) ON DELETE SET NULL
);
CREATE TABLE note_tag (
	note_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	PRIMARY KEY (note_id, participant_id), 
	FOREIGN KEY(note_id) REFERENCES note (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE
);
CREATE TABLE participant (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	language VARCHAR NOT NULL, 
	interpreter_language VARCHAR, 
	contact VARCHAR NOT NULL, 
	accessibility_note VARCHAR NOT NULL, 
	created_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO "participant" VALUES(1,'Åse Nygård','nb',NULL,'','','2026-11-23 08:58:00.000000');
INSERT INTO "participant" VALUES(2,'Jonas Bjørkløw','nb',NULL,'','Trenger pauser; sier fra selv.','2026-11-23 08:58:00.000000');
INSERT INTO "participant" VALUES(3,'Sigrid Ødegård','nb',NULL,'','','2026-11-23 08:58:00.000000');
INSERT INTO "participant" VALUES(4,'Олена Коваленко','uk','uk','','','2026-11-23 08:58:00.000000');
INSERT INTO "participant" VALUES(5,'Михайло Шевченко','uk','uk','','Hører dårlig på venstre øre: sitter foran.','2026-11-23 08:58:00.000000');
INSERT INTO "participant" VALUES(6,'فاطمة الزهراء','ar','ar','','','2026-11-23 08:58:00.000000');
INSERT INTO "participant" VALUES(7,'Yusuf Haddad','ar',NULL,'','','2026-11-23 08:58:00.000000');
INSERT INTO "participant" VALUES(8,'Mari Særheim','nb',NULL,'','','2026-11-23 08:58:00.000000');
CREATE TABLE sot_board (
	id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	round_id INTEGER, 
	created_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE, 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE SET NULL
);
CREATE TABLE sot_revision (
	id INTEGER NOT NULL, 
	board_id INTEGER NOT NULL, 
	session_id INTEGER, 
	situation VARCHAR NOT NULL, 
	wish VARCHAR NOT NULL, 
	actions JSON NOT NULL, 
	saved_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(board_id) REFERENCES sot_board (id) ON DELETE CASCADE, 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE SET NULL
);
CREATE TABLE timer_event (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	seconds INTEGER NOT NULL, 
	terminal VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(item_id) REFERENCES agenda_item (id) ON DELETE CASCADE
);
INSERT INTO "timer_event" VALUES(1,1,'start','2026-11-23 09:00:00.000000',0,'vm:31887');
INSERT INTO "timer_event" VALUES(2,1,'finish','2026-11-23 09:12:00.000000',0,'vm:31887');
INSERT INTO "timer_event" VALUES(3,2,'start','2026-11-23 09:12:00.000000',0,'vm:31887');
CREATE INDEX ix_course_round_copied_from_id ON course_round (copied_from_id);
CREATE INDEX ix_course_session_round_id ON course_session (round_id);
CREATE INDEX ix_enrolment_round_id ON enrolment (round_id);
CREATE INDEX ix_enrolment_participant_id ON enrolment (participant_id);
CREATE INDEX ix_sot_board_participant_id ON sot_board (participant_id);
CREATE INDEX ix_sot_board_round_id ON sot_board (round_id);
CREATE INDEX ix_follow_up_participant_id ON follow_up (participant_id);
CREATE INDEX ix_follow_up_round_id ON follow_up (round_id);
CREATE INDEX ix_agenda_item_session_id ON agenda_item (session_id);
CREATE INDEX ix_attendance_event_session_id ON attendance_event (session_id);
CREATE INDEX ix_attendance_event_participant_id ON attendance_event (participant_id);
CREATE INDEX ix_sot_revision_board_id ON sot_revision (board_id);
CREATE INDEX ix_sot_revision_session_id ON sot_revision (session_id);
CREATE INDEX ix_evaluation_comment_session_id ON evaluation_comment (session_id);
CREATE INDEX ix_export_record_session_id ON export_record (session_id);
CREATE INDEX ix_export_record_round_id ON export_record (round_id);
CREATE INDEX ix_timer_event_item_id ON timer_event (item_id);
CREATE INDEX ix_note_item_id ON note (item_id);
CREATE INDEX ix_note_session_id ON note (session_id);
CREATE INDEX ix_exercise_result_item_id ON exercise_result (item_id);
CREATE INDEX ix_exercise_result_participant_id ON exercise_result (participant_id);
CREATE INDEX ix_evaluation_score_item_id ON evaluation_score (item_id);
CREATE INDEX ix_evaluation_score_session_id ON evaluation_score (session_id);
CREATE INDEX ix_note_tag_participant_id ON note_tag (participant_id);
COMMIT;
