package book

import (
	"keycard/bundle"
	"keycard/demo"
	"keycard/documents"
	"keycard/intake"
	"keycard/storage"
)

// The read models and options below are named by the book so that the
// desktop app can use them while importing only the application layer:
// they are defined by the package that makes them (the store's summary
// rows and import plan, the bundle's manifest, the documents' options, the
// intake readers' problems), and an alias keeps one type, not a copy that
// would have to be converted field by field.
type (
	// Summary is one account's row in the portfolio list.
	Summary = storage.Summary
	// FollowUp is a visit's next step that is not done yet.
	FollowUp = storage.FollowUp
	// DueFollowUps are Today's follow-ups, the first ones and the counts.
	DueFollowUps = storage.DueFollowUps
	// RiskPoint is an account's risk score on one day.
	RiskPoint = storage.RiskPoint
	// Conflict is a field changed here and on the team server at once.
	Conflict = storage.Conflict
	// Revoked is an account handed over to someone else through the team server.
	Revoked = storage.Revoked
	// ImportPlan says what merging a bundle adds, updates and keeps.
	ImportPlan = storage.ImportPlan
	// ImportItem is one record of an ImportPlan.
	ImportItem = storage.ImportItem
	// ImportOptions tune a bundle merge.
	ImportOptions = storage.ImportOptions
	// Manifest describes a bundle: who made it, when, what it holds.
	Manifest = bundle.Manifest
	// BundleOptions tune writing a bundle.
	BundleOptions = bundle.WriteOptions
	// DocumentOptions tune a PDF document: language, paper, private remarks.
	DocumentOptions = documents.Options
	// DemoOptions choose the made-up accounts GenerateDemo adds.
	DemoOptions = demo.Options
	// Problem is a record of a file left out or kept with a remark, and why.
	Problem = intake.Problem
	// MoneyColumns says in which currency and unit a file's money columns
	// are written.
	MoneyColumns = intake.Money
	// Unit is what one written in a money column stands for.
	Unit = intake.Unit
)

// Units of money columns.
const (
	UnitOne      = intake.UnitOne
	UnitThousand = intake.UnitThousand
	UnitMillion  = intake.UnitMillion
)

// ParseUnit reads a unit as the CLI's --unit takes it.
func ParseUnit(s string) (Unit, error) { return intake.ParseUnit(s) }

const (
	// BundleExt is the file extension of a handover bundle.
	BundleExt = bundle.Ext
	// EPASSPHRASE is the error code of a sealed bundle opened without its
	// passphrase, or with a wrong one.
	EPASSPHRASE = bundle.EPASSPHRASE
	// MaxImportSize is the largest file an import reads.
	MaxImportSize = intake.MaxFileSize
)

// The lists of an ImportPlan, as ImportPlan.Count and ImportPlan.More name them.
const (
	PlanAdded     = storage.PlanAdded
	PlanUpdated   = storage.PlanUpdated
	PlanSkipped   = storage.PlanSkipped
	PlanConflicts = storage.PlanConflicts
)
