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
	outcomes JSON DEFAULT '{}' NOT NULL, 
	places INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(copied_from_id) REFERENCES course_round (id) ON DELETE SET NULL
);
CREATE INDEX ix_course_round_copied_from_id ON course_round (copied_from_id);
CREATE TABLE store_mark (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
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
	calendar_sequence INTEGER DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE
);
CREATE INDEX ix_course_session_round_id ON course_session (round_id);
CREATE TABLE enrolment (
	id INTEGER NOT NULL, 
	round_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	enrolled_at DATETIME, 
	removed_at DATETIME, 
	removed_reason VARCHAR NOT NULL, 
	waiting BOOLEAN DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (round_id, participant_id), 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE
);
CREATE INDEX ix_enrolment_round_id ON enrolment (round_id);
CREATE INDEX ix_enrolment_participant_id ON enrolment (participant_id);
CREATE TABLE sot_board (
	id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	round_id INTEGER, 
	created_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE, 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE SET NULL
);
CREATE INDEX ix_sot_board_participant_id ON sot_board (participant_id);
CREATE INDEX ix_sot_board_round_id ON sot_board (round_id);
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
CREATE INDEX ix_follow_up_participant_id ON follow_up (participant_id);
CREATE INDEX ix_follow_up_round_id ON follow_up (round_id);
CREATE TABLE consent (
	id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	round_id INTEGER NOT NULL, 
	given BOOLEAN NOT NULL, 
	at DATETIME NOT NULL, 
	recorded_by VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE, 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE
);
CREATE INDEX ix_consent_round_id ON consent (round_id);
CREATE INDEX ix_consent_participant_id ON consent (participant_id);
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
CREATE INDEX ix_agenda_item_session_id ON agenda_item (session_id);
CREATE TABLE attendance_event (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	time DATETIME, 
	reason VARCHAR NOT NULL, 
	terminal VARCHAR NOT NULL, 
	undoes INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE, 
	FOREIGN KEY(undoes) REFERENCES attendance_event (id) ON DELETE CASCADE
);
CREATE INDEX ix_attendance_event_session_id ON attendance_event (session_id);
CREATE INDEX ix_attendance_event_participant_id ON attendance_event (participant_id);
CREATE INDEX ix_attendance_event_undoes ON attendance_event (undoes);
CREATE TABLE session_change (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	terminal VARCHAR NOT NULL, 
	label VARCHAR NOT NULL, 
	data JSON NOT NULL, 
	undoes_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE, 
	FOREIGN KEY(undoes_id) REFERENCES session_change (id) ON DELETE CASCADE
);
CREATE INDEX ix_session_change_session_id ON session_change (session_id);
CREATE INDEX ix_session_change_undoes_id ON session_change (undoes_id);
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
CREATE INDEX ix_sot_revision_session_id ON sot_revision (session_id);
CREATE INDEX ix_sot_revision_board_id ON sot_revision (board_id);
CREATE TABLE evaluation_comment (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	text VARCHAR NOT NULL, 
	created_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE
);
CREATE INDEX ix_evaluation_comment_session_id ON evaluation_comment (session_id);
CREATE TABLE export_record (
	id INTEGER NOT NULL, 
	session_id INTEGER, 
	round_id INTEGER, 
	path VARCHAR NOT NULL, 
	format VARCHAR NOT NULL, 
	anonymized BOOLEAN NOT NULL, 
	at DATETIME, 
	participant_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE, 
	FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE
);
CREATE INDEX ix_export_record_participant_id ON export_record (participant_id);
CREATE INDEX ix_export_record_session_id ON export_record (session_id);
CREATE INDEX ix_export_record_round_id ON export_record (round_id);
CREATE TABLE presenter_state (
	session_id INTEGER NOT NULL, 
	blank BOOLEAN NOT NULL, 
	content VARCHAR NOT NULL, 
	item_id INTEGER, 
	statement INTEGER NOT NULL, 
	languages JSON, 
	updated_at DATETIME, 
	PRIMARY KEY (session_id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE
);
CREATE TABLE drop_in_visit (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	first_name VARCHAR NOT NULL, 
	age_group VARCHAR NOT NULL, 
	topic VARCHAR NOT NULL, 
	terminal VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE
);
CREATE INDEX ix_drop_in_visit_session_id ON drop_in_visit (session_id);
CREATE TABLE timer_event (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	seconds INTEGER NOT NULL, 
	terminal VARCHAR NOT NULL, 
	undoes INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(item_id) REFERENCES agenda_item (id) ON DELETE CASCADE, 
	FOREIGN KEY(undoes) REFERENCES timer_event (id) ON DELETE CASCADE
);
CREATE INDEX ix_timer_event_item_id ON timer_event (item_id);
CREATE INDEX ix_timer_event_undoes ON timer_event (undoes);
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
CREATE INDEX ix_note_item_id ON note (item_id);
CREATE INDEX ix_note_session_id ON note (session_id);
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
CREATE INDEX ix_exercise_result_item_id ON exercise_result (item_id);
CREATE INDEX ix_exercise_result_participant_id ON exercise_result (participant_id);
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
CREATE INDEX ix_evaluation_score_session_id ON evaluation_score (session_id);
CREATE INDEX ix_evaluation_score_item_id ON evaluation_score (item_id);
CREATE TABLE note_tag (
	note_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	PRIMARY KEY (note_id, participant_id), 
	FOREIGN KEY(note_id) REFERENCES note (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE
);
CREATE INDEX ix_note_tag_participant_id ON note_tag (participant_id);
CREATE INDEX ix_attendance_event_latest ON attendance_event (session_id, participant_id, id, status, undoes);
CREATE TABLE round_share (round_id INTEGER NOT NULL PRIMARY KEY, expected INTEGER NOT NULL, attended INTEGER NOT NULL);
CREATE TRIGGER round_share_mark_added AFTER INSERT ON attendance_event BEGIN DELETE FROM round_share WHERE round_id = (SELECT round_id FROM course_session WHERE id = NEW.session_id); END;
CREATE TRIGGER round_share_mark_changed AFTER UPDATE ON attendance_event BEGIN DELETE FROM round_share WHERE round_id = (SELECT round_id FROM course_session WHERE id = OLD.session_id); DELETE FROM round_share WHERE round_id = (SELECT round_id FROM course_session WHERE id = NEW.session_id); END;
CREATE TRIGGER round_share_mark_deleted AFTER DELETE ON attendance_event BEGIN DELETE FROM round_share WHERE round_id = (SELECT round_id FROM course_session WHERE id = OLD.session_id); END;
CREATE TRIGGER round_share_enrolment_added AFTER INSERT ON enrolment BEGIN DELETE FROM round_share WHERE round_id = NEW.round_id; END;
CREATE TRIGGER round_share_enrolment_changed AFTER UPDATE ON enrolment BEGIN DELETE FROM round_share WHERE round_id = OLD.round_id; DELETE FROM round_share WHERE round_id = NEW.round_id; END;
CREATE TRIGGER round_share_enrolment_deleted AFTER DELETE ON enrolment BEGIN DELETE FROM round_share WHERE round_id = OLD.round_id; END;
CREATE TRIGGER round_share_session_added AFTER INSERT ON course_session BEGIN DELETE FROM round_share WHERE round_id = NEW.round_id; END;
CREATE TRIGGER round_share_session_changed AFTER UPDATE OF round_id, status, started_at, planned_start ON course_session BEGIN DELETE FROM round_share WHERE round_id = OLD.round_id; DELETE FROM round_share WHERE round_id = NEW.round_id; END;
CREATE TRIGGER round_share_session_deleted AFTER DELETE ON course_session BEGIN DELETE FROM round_share WHERE round_id = OLD.round_id; END;
CREATE TRIGGER round_share_round_deleted AFTER DELETE ON course_round BEGIN DELETE FROM round_share WHERE round_id = OLD.id; END;
