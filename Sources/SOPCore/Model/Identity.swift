/// The identity block of an SOP-AP document (Permenpan RB 35/2012).
public struct Identity: Sendable, Hashable, Codable {
    public struct Agency: Sendable, Hashable, Codable {
        /// e.g. "Pemerintah Kabupaten Lamandau".
        public var government: String?
        /// e.g. "Kabupaten Serdang Bedagai".
        public var regency: String
        /// e.g. "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu".
        public var office: String
        /// e.g. "Pelayanan Terpadu Satu Pintu".
        public var unit: String?

        public init(government: String? = nil, regency: String, office: String, unit: String? = nil) {
            self.government = government
            self.regency = regency
            self.office = office
            self.unit = unit
        }
    }

    public struct Dates: Sendable, Hashable, Codable {
        /// Tanggal Pembuatan.
        public var made: CivilDate?
        /// Tanggal Revisi.
        public var revised: CivilDate?
        /// Tanggal Efektif.
        public var effective: CivilDate?
        /// Tanggal Pengesahan.
        public var approved: CivilDate?

        public init(made: CivilDate? = nil, revised: CivilDate? = nil,
                    effective: CivilDate? = nil, approved: CivilDate? = nil) {
            self.made = made
            self.revised = revised
            self.effective = effective
            self.approved = approved
        }
    }

    /// "Disahkan oleh".
    public struct Approver: Sendable, Hashable, Codable {
        public var title: String
        public var name: String?
        /// Civil servant number, e.g. "19810722 200604 1 002".
        public var nip: String?
        /// Rank and grade, e.g. "Pembina Tingkat I (IV/b)".
        public var rank: String?

        public init(title: String, name: String? = nil, nip: String? = nil, rank: String? = nil) {
            self.title = title
            self.name = name
            self.nip = nip
            self.rank = rank
        }
    }

    /// One sign-off of the cover page ("Dibuat oleh", "Diperiksa oleh", "Disetujui oleh").
    public struct SignOff: Sendable, Hashable, Codable {
        /// As printed, e.g. "Dibuat oleh".
        public var label: String
        /// The position, e.g. "Kepala Bidang Pelayanan".
        public var title: String
        public var name: String?
        public var nip: String?
        public var date: CivilDate?

        public init(label: String, title: String, name: String? = nil, nip: String? = nil, date: CivilDate? = nil) {
            self.label = label
            self.title = title
            self.name = name
            self.nip = nip
            self.date = date
        }
    }

    /// The flowchart table's own column titles where the document differs from the standard
    /// ones ("Uraian Prosedur" for "Kegiatan"); nil keeps the standard title.
    public struct ColumnTitles: Sendable, Hashable, Codable {
        public var no: String?
        public var activity: String?
        public var lanes: String?
        public var standard: String?
        public var requirements: String?
        public var time: String?
        public var output: String?
        public var note: String?

        public init(no: String? = nil, activity: String? = nil, lanes: String? = nil, standard: String? = nil,
                    requirements: String? = nil, time: String? = nil, output: String? = nil, note: String? = nil) {
            self.no = no
            self.activity = activity
            self.lanes = lanes
            self.standard = standard
            self.requirements = requirements
            self.time = time
            self.output = output
            self.note = note
        }
    }

    public var agency: Agency
    public var number: String
    public var name: String
    public var dates: Dates
    public var approver: Approver
    /// "Nomor revisi", as printed (e.g. "03").
    public var revision: String?
    /// The document's status as printed (e.g. "Disahkan", "Draf").
    public var status: String?
    /// Sign-offs besides the approver, in the order printed.
    public var signOffs: [SignOff]
    public var columns: ColumnTitles?
    /// The government's emblem printed at the top of the cover page: a PNG, JPEG or SVG file,
    /// as written (relative to the SOP file, as `calendar` is). ``LogoImage`` is what it holds.
    public var logo: String?

    public init(agency: Agency, number: String, name: String, dates: Dates, approver: Approver,
                revision: String? = nil, status: String? = nil, signOffs: [SignOff] = [], columns: ColumnTitles? = nil,
                logo: String? = nil) {
        self.agency = agency
        self.number = number
        self.name = name
        self.dates = dates
        self.approver = approver
        self.revision = revision
        self.status = status
        self.signOffs = signOffs
        self.columns = columns
        self.logo = logo
    }
}

extension Identity {
    private enum Key: String, CodingKey { case agency, number, name, dates, approver, revision, status, signOffs, columns, logo }

    /// Fields added after the first release are written only when set, so a definition that
    /// does not use them keeps its canonical JSON and content hash (running cases stay pinned).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(agency, forKey: .agency)
        try c.encode(number, forKey: .number)
        try c.encode(name, forKey: .name)
        try c.encode(dates, forKey: .dates)
        try c.encode(approver, forKey: .approver)
        try c.encodeIfPresent(revision, forKey: .revision)
        try c.encodeIfPresent(status, forKey: .status)
        if !signOffs.isEmpty { try c.encode(signOffs, forKey: .signOffs) }
        try c.encodeIfPresent(columns, forKey: .columns)
        try c.encodeIfPresent(logo, forKey: .logo)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(agency: try c.decode(Agency.self, forKey: .agency), number: try c.decode(String.self, forKey: .number),
                  name: try c.decode(String.self, forKey: .name), dates: try c.decode(Dates.self, forKey: .dates),
                  approver: try c.decode(Approver.self, forKey: .approver),
                  revision: try c.decodeIfPresent(String.self, forKey: .revision),
                  status: try c.decodeIfPresent(String.self, forKey: .status),
                  signOffs: try c.decodeIfPresent([SignOff].self, forKey: .signOffs) ?? [],
                  columns: try c.decodeIfPresent(ColumnTitles.self, forKey: .columns),
                  logo: try c.decodeIfPresent(String.self, forKey: .logo))
    }
}

/// A record kept while running the procedure ("Pencatatan dan Pendataan").
public struct RecordSpec: Sendable, Hashable, Codable {
    public var name: String
    public var form: String?

    public init(name: String, form: String? = nil) {
        self.name = name
        self.form = form
    }
}
