package export

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// filler appends one column of each row to its builder.
type filler interface {
	fill(row [][]byte) error
	reserve(n int)
	array() arrow.Array // the values so far; the builder starts anew
	release()
}

// built is what most fillers do besides filling, on their builder.
type built struct{ builder array.Builder }

func (c built) reserve(n int)      { c.builder.Reserve(n) }
func (c built) array() arrow.Array { return c.builder.NewArray() }
func (c built) release()           { c.builder.Release() }

// int64s is the id.
type int64s struct {
	built
	b  *array.Int64Builder
	at int
}

func newInt64s(at int) *int64s {
	b := array.NewInt64Builder(memory.DefaultAllocator)
	return &int64s{built{b}, b, at}
}

func (c *int64s) fill(row [][]byte) error {
	c.b.Append(int64At(row[c.at]))
	return nil
}

// stringsBuilt is a string builder that reserves as many bytes a value
// as the last batch took: a batch of long descriptions does not grow its
// buffer step by step, copying and clearing it each time (4 % of a staff
// Parquet export's time).
type stringsBuilt struct {
	built
	b      *array.StringBuilder
	perRow int
}

func newStringsBuilt() stringsBuilt {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	return stringsBuilt{built{b}, b, 16}
}

func (c *stringsBuilt) reserve(n int) {
	c.b.Reserve(n)
	c.b.ReserveData(n * c.perRow)
}

func (c *stringsBuilt) array() arrow.Array {
	if n := c.b.Len(); n > 0 {
		c.perRow = max(16, c.b.DataLen()/n+c.b.DataLen()/n/8)
	}
	return c.b.NewArray()
}

// texts are strings as stored, null where there is none.
type texts struct {
	stringsBuilt
	at int
}

func newTexts(at int) *texts { return &texts{newStringsBuilt(), at} }

func (c *texts) fill(row [][]byte) error {
	if v := row[c.at]; v != nil {
		c.b.BinaryBuilder.Append(v)
	} else {
		c.b.AppendNull()
	}
	return nil
}

// times are timestamps, null where there is none.
type times struct {
	built
	b  *array.TimestampBuilder
	at int
}

func newTimes(at int) *times {
	b := array.NewTimestampBuilder(memory.DefaultAllocator, utcMicros)
	return &times{built{b}, b, at}
}

func (c *times) fill(row [][]byte) error {
	if v := row[c.at]; v != nil {
		c.b.Append(arrow.Timestamp(unixMicros(v)))
	} else {
		c.b.AppendNull()
	}
	return nil
}

// indexes are ids turned into indexes of a dictionary of names or codes.
type indexes struct {
	built
	b    *array.Int16Builder
	at   int
	dict dictionary
	what string
}

func newIndexes(at int, d dictionary, what string) *indexes {
	b := array.NewInt16Builder(memory.DefaultAllocator)
	return &indexes{built{b}, b, at, d, what}
}

func (c *indexes) fill(row [][]byte) error {
	v := row[c.at]
	if v == nil {
		c.b.AppendNull()
		return nil
	}
	i, ok := c.dict.ids.get(int64(int32At(v)))
	if !ok {
		return fmt.Errorf("%s %d is not in the snapshot", c.what, int32At(v))
	}
	c.b.Append(int16(i))
	return nil
}

func (c *indexes) array() arrow.Array { return dictionaryOf(dict16, c.b, c.dict.values) }

// words are the values of a fixed vocabulary as dictionary indexes.
type words struct {
	built
	b     *array.Int8Builder
	at    int
	vocab vocabulary
	what  string
}

func newWords(at int, v vocabulary, what string) *words {
	b := array.NewInt8Builder(memory.DefaultAllocator)
	return &words{built{b}, b, at, v, what}
}

func (c *words) fill(row [][]byte) error {
	v := row[c.at]
	i, ok := c.vocab.index[string(v)]
	if !ok {
		return fmt.Errorf("%s %q has no place in the export's dictionary", c.what, v)
	}
	c.b.Append(i)
	return nil
}

func (c *words) array() arrow.Array { return dictionaryOf(dict8, c.b, c.vocab.values) }

// priorities are stored as smallint, 1 to 4.
type priorities struct {
	built
	b  *array.Int8Builder
	at int
}

func newPriorities(at int) *priorities {
	b := array.NewInt8Builder(memory.DefaultAllocator)
	return &priorities{built{b}, b, at}
}

func (c *priorities) fill(row [][]byte) error {
	c.b.Append(int8(int16At(row[c.at])))
	return nil
}

func dictionaryOf(typ *arrow.DictionaryType, indexes array.Builder, values arrow.Array) arrow.Array {
	idx := indexes.NewArray()
	defer idx.Release()
	return array.NewDictionaryArray(typ, idx, values)
}
