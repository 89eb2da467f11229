package io.moolah.outbox;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A state change of the test application, committed or rolled back together with its event. */
@Entity
@Table(name = "test_note")
public class TestNote {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String aggregateId;

    public static TestNote about(String aggregateId) {
        TestNote note = new TestNote();
        note.aggregateId = aggregateId;
        return note;
    }
}
