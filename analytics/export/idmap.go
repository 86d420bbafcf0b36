package export

// idMap maps the ids of a table to small values. Ids come from identity
// columns, so they are mostly dense: a slice then beats a map in the hot
// loop by a few times.
type idMap struct {
	dense  []int64 // value+1 at each id; 0 where the id is absent
	sparse map[int64]int64
}

// newIDMap builds the map of ids to values (same lengths).
func newIDMap(ids, values []int64) idMap {
	var lo, hi int64
	for _, id := range ids {
		lo, hi = min(lo, id), max(hi, id)
	}
	if lo < 0 || hi > 2*int64(len(ids))+1024 {
		m := idMap{sparse: make(map[int64]int64, len(ids))}
		for i, id := range ids {
			m.sparse[id] = values[i]
		}
		return m
	}
	m := idMap{dense: make([]int64, hi+1)}
	for i, id := range ids {
		m.dense[id] = values[i] + 1
	}
	return m
}

func (m idMap) get(id int64) (int64, bool) {
	if m.sparse != nil {
		v, ok := m.sparse[id]
		return v, ok
	}
	if id < 0 || id >= int64(len(m.dense)) || m.dense[id] == 0 {
		return 0, false
	}
	return m.dense[id] - 1, true
}
