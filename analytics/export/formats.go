package export

import (
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Format is a file format an export is written in.
type Format struct {
	Name        string // the path's extension
	ContentType string
	open        func(w io.Writer, schema *arrow.Schema) (sink, error)
}

// sink takes an export's batches in turn; close completes the file.
type sink interface {
	write(arrow.RecordBatch) error
	close() error
}

var (
	// Arrow is the Arrow IPC stream format: a reader can start on the
	// first batch while the rest is on its way.
	Arrow = Format{Name: "arrow", ContentType: "application/vnd.apache.arrow.stream", open: openArrow}
	// Parquet is a Parquet file: one row group per batch, pages in zstd at
	// its fastest level (smaller and quicker than Snappy, measured), and
	// GeoParquet metadata on the geometry column.
	Parquet = Format{Name: "parquet", ContentType: "application/vnd.apache.parquet", open: openParquet}
)

// Write writes the batches scan hands over (a Scan, usually), of the
// columns schema describes, to w in f; started is called once, just
// before the first byte, so an HTTP handler can still answer with an
// error status until then. No batch still gives a valid file of no rows.
func Write(w io.Writer, f Format, schema *arrow.Schema, scan func(fn func(arrow.RecordBatch) error) error, started func()) error {
	var s sink
	start := func() error {
		started()
		var err error
		s, err = f.open(w, schema)
		return err
	}
	err := scan(func(rec arrow.RecordBatch) error {
		if s == nil {
			if err := start(); err != nil {
				return err
			}
		}
		return s.write(rec)
	})
	if err != nil {
		return err
	}
	if s == nil {
		if err := start(); err != nil {
			return err
		}
	}
	return s.close()
}

type arrowSink struct{ w *ipc.Writer }

func openArrow(w io.Writer, schema *arrow.Schema) (sink, error) {
	return arrowSink{ipc.NewWriter(w, ipc.WithSchema(schema))}, nil
}

func (s arrowSink) write(rec arrow.RecordBatch) error { return s.w.Write(rec) }
func (s arrowSink) close() error                      { return s.w.Close() }

type parquetSink struct{ w *pqarrow.FileWriter }

// highCardinality columns gain nothing from dictionary pages; the
// dictionary columns are dictionaries already, and the rest are small
// vocabularies or repeat a lot.
var highCardinality = []string{ColID, ColReference, ColCreatedAt, ColClosedAt, ColLon, ColLat, ColGeometry,
	ColDueAt, ColDescription, ColAddress}

func openParquet(w io.Writer, schema *arrow.Schema) (sink, error) {
	opts := []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Zstd), parquet.WithCompressionLevel(1),
		parquet.WithStatsFor(ColGeometry, false), parquet.WithCreatedBy("loket")}
	// Free text has no useful least and greatest value to skip row groups
	// by, and comparing it cost 4 % of a staff export (measured).
	for _, c := range []string{ColDescription, ColAddress} {
		opts = append(opts, parquet.WithStatsFor(c, false))
	}
	// Ids, creation times and references grow almost in step from row to
	// row: stored as differences they take less room, and zstd less time
	// (10 million tickets: 338 → 324 MB, 915,000–1,024,000 → 1,043,000–1,071,000
	// rows/s for the public columns).
	// Closing and due times lie near their creation time, so near each
	// other too (10 million: 137 → 101 MB).
	for _, c := range []string{ColID, ColCreatedAt, ColClosedAt, ColDueAt} {
		opts = append(opts, parquet.WithEncodingFor(c, parquet.Encodings.DeltaBinaryPacked))
	}
	opts = append(opts, parquet.WithEncodingFor(ColReference, parquet.Encodings.DeltaByteArray))
	// Longitudes and latitudes in a city share their leading bytes: split
	// into streams of each byte, zstd finds them (10 million: 150 → 116 MB
	// and 2–3 % quicker).
	for _, c := range []string{ColLon, ColLat} {
		opts = append(opts, parquet.WithEncodingFor(c, parquet.Encodings.ByteStreamSplit))
	}
	for _, c := range highCardinality {
		opts = append(opts, parquet.WithDictionaryFor(c, false))
	}
	// GeoParquet metadata only with the geometry: it names the column.
	var meta arrow.Metadata
	if schema.HasField(ColGeometry) {
		meta = arrow.NewMetadata([]string{"geo"}, []string{geoParquet})
	}
	fw, err := pqarrow.NewFileWriter(arrow.NewSchema(schema.Fields(), &meta), w, parquet.NewWriterProperties(opts...),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return nil, err
	}
	return parquetSink{fw}, nil
}

func (s parquetSink) write(rec arrow.RecordBatch) error { return s.w.Write(rec) }
func (s parquetSink) close() error                      { return s.w.Close() }
